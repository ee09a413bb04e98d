"""Long work in the background: Django's tasks API (the `django-tasks` backport of Django 6.0's),
queued in the database by `django-tasks-db` and run by `manage.py run_worker`.

- `opendata`: the whole-registry downloads, rebuilt after writes and served as files;
- `summary`: the statistics' counts, computed after each write (registry/summary.py);
- `workers`: the worker's heartbeat, and what happens to a task whose worker is gone;
- `progress`: how far a task has got, for the progress endpoint and page (`views`).
"""
