"""Django 6.0 has the tasks API built in (`django.tasks`); on Django 5.2 the `django-tasks`
backport provides the same names. Import them from here so the code moves to Django 6 unchanged."""

try:
    from django.tasks import TaskContext, TaskResultStatus, task
except ImportError:  # Django < 6.0
    from django_tasks import TaskContext, TaskResultStatus, task

__all__ = ["TaskContext", "TaskResultStatus", "task"]
