"""Simplified Chinese for the lists and statistics: the empty choice of the filters and the message
of a search that finds nothing."""

T = {
    "All": "全部",
    "No published pair matches this search and these filters.": "没有符合此搜索和筛选条件的已发布结好关系。",
    "Clear the search and filters to see every pair": "清除搜索和筛选条件，查看全部结好关系",
}
