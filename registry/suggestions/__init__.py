"""Suggestions from the public: a missing pair or a correction, sent with the page that shows it.

- forms.py: the public form and what it refuses (control characters, direction overrides, text
  too long, an address that is not a web page), with a honeypot field for robots;
- views.py: the form page, rate-limited per visitor (django-ratelimit on the default cache);
- admin.py: the staff review queue, where an editor turns a suggestion into an unpublished pair,
  or opens the pair it corrects, in one step.

Nothing a visitor sends is ever published by itself."""
