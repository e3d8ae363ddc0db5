"""The Wagtail hooks through which apps above `cms` add to it (today `cms.officials`).

`cms.officials` builds on the CMS and may import it; `cms` never imports `cms.officials`
(import-linter, pyproject.toml). What the CMS shows or loads from the officials' tools, it
asks for through these hooks, which `cms/officials/wagtail_hooks.py` registers.
"""

# fn(page=..., request=...) -> iterable of cms.models.StorefrontSection: sections of a
# district storefront (the action plan, the DEPC roster, upcoming events).
STOREFRONT_SECTIONS_HOOK = "district_storefront_sections"

# fn(district, *, months, destinations) -> the figures and charts the "district at a glance"
# block shows (cms.blocks.DistrictAtAGlanceBlock), or None. The last one registered answers;
# with none, the block says the district has no published figures.
DISTRICT_GLANCE_HOOK = "district_at_a_glance"

# fn(stdout=None): demo content of another app, loaded by `manage.py load_demo_data` after the
# page tree and the languages, before the demo translations.
DEMO_CONTENT_HOOK = "demo_content"

# fn(storefront) -> list of pages under the Varanasi demo storefront that the demo translates
# (cms/demo_translations), each with its English words in place (filled where missing).
DEMO_TRANSLATED_PAGES_HOOK = "demo_translated_pages"
