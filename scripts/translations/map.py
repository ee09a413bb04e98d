"""Simplified Chinese for the map (flows, arcs per area, its list, the place finder) and the
statistics page's province × state table for a chosen pair of countries."""

T = {
    # templates/registry/includes/map.html
    "1 pair": "1 对结好关系",
    "{count} pairs": "{count} 对结好关系",
    "Lines join provinces/states, as thick as the number of pairs between them. Zoom in to see each pair.": "线条连接省州，线越粗，两地之间的结好关系越多。放大可看到每一对结好关系。",
    "Lines join countries, as thick as the number of pairs between them. Zoom in to see each pair.": "线条连接国家，线越粗，两国之间的结好关系越多。放大可看到每一对结好关系。",
    "Each line is a pair with a place in this area.": "每条线是一对结好关系，其中一方位于此区域。",
    "This area has {total} pairs; {shown} are drawn. Zoom in to see the others.": "此区域有 {total} 对结好关系，已绘出 {shown} 对。放大可看到其余的。",
    "Loading the map data…": "正在加载地图数据……",
    "The map data could not be loaded. The pair list has every pair.": "地图数据无法加载。结好关系列表中有全部结好关系。",
    "Select the map to move it with the arrow keys and zoom with + and −. The list under the map names what it shows.": "选中地图后可用方向键移动，用 + 和 − 缩放。地图下方的列表列出地图所示内容。",
    "What the map shows, as a list": "以列表显示地图内容",
    # templates/registry/map.html
    "No place with a position has that name.": "没有叫这个名字的有坐标的地方。",
    "The place finder could not be reached; try the pair list.": "无法使用地点查找，请改用结好关系列表。",
    "its page": "其页面",
    "Find a place on the map": "在地图上查找地方",
    "Find": "查找",
    ("%(counter)s pair in this view.", 0): "此视图中有 %(counter)s 对结好关系。",
    "The same pairs as a list": "以列表查看这些结好关系",
    # registry/statistics.py, templates/registry/statistics.html
    "Provinces/states of": "省州所属国家",
    "against those of": "对应国家",
    "Show": "显示",
    "Province–state pairs: each row a province/state of %(first)s, each column one of %(second)s.": "友好省州关系：每行为%(first)s的一个省州，每列为%(second)s的一个省州。",
    "No province–state pairs join these two countries.": "这两个国家之间没有友好省州关系。",
    "Only the {shown} busiest of {total} lines between countries are drawn.": "仅绘制了 {total} 条国家间连线中最繁忙的 {shown} 条。",
}
