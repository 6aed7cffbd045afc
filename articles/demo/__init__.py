"""Demo content of the articles app, built through the real services: `studio` (articles in every
workflow state) then `public` (the published articles of the public site). The demo sources come
from sources/demo.py and the demo users from prizm/demo.py; `seed_demo` runs them in that order."""
