"""The database going away: public pages answer 503 with a friendly page, and the site recovers
by itself when the database is back. A real gunicorn serves a real database, which the test takes
away and gives back (on the backend the suite runs on: PostgreSQL or SQLite)."""

from .live_server import get


def test_public_pages_answer_503_while_the_database_is_away_and_recover(server, database):
    assert get(server + "/en/")[0] == 200  # now in the page cache

    database.take_away()
    status, body = get(server + "/en/?q=uncached")
    assert status == 503
    assert "Temporarily unavailable" in body
    status, body = get(server + "/zh-hans/")
    assert status == 503
    assert "暂时无法访问" in body
    assert get(server + "/en/")[0] == 200  # a cached page is still served

    database.give_back()
    assert get(server + "/en/?q=uncached")[0] == 200
    assert get(server + "/zh-hans/")[0] == 200
