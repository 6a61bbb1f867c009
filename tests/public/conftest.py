from __future__ import annotations

import pytest

from hemvag.content import demo as content_demo


@pytest.fixture
def demo_pages(db: None) -> None:
    content_demo.load()
