"""The one test of "is the page in Chinese" that names, titles and the language switch share."""

import pytest
from django.utils import translation

from registry.i18n import is_chinese


@pytest.mark.parametrize(("language", "chinese"), [("zh-hans", True), ("zh-hant", True), ("en", False)])
def test_is_chinese_follows_the_active_language(language, chinese):
    with translation.override(language):
        assert is_chinese() is chinese


def test_no_active_language_is_not_chinese():
    with translation.override(None):
        assert translation.get_language() is None
        assert is_chinese() is False
