"""The shape of a drafted article (the seed articles' sections), given to the LLM layer as a plan:
the layer writes each section's prose, the pipeline adds the headings (and, from the database, the
references). Changing the article's shape is changing this table."""

from prizm.llm import SectionPlan

ARTICLE_PLAN = (
    SectionPlan(key="introduction", heading="", level=0, leaning="lead",
                guidance="deux ou trois paragraphes qui posent le sujet"),
    SectionPlan(key="leviers", heading="Leviers et solutions", leaning="action",
                guidance="trois à cinq paragraphes"),
    SectionPlan(key="impact", heading="Impact et opportunités", leaning="effect",
                guidance="trois à cinq paragraphes"),
    SectionPlan(key="retenir", heading="Ce qu'il faut retenir", leaning="all",
                guidance="un ou deux paragraphes"),
    SectionPlan(key="actions", heading="Actions concrètes", kind="items", level=3, leaning="all",
                guidance="trois actions, chacune avec un intitulé court (label) et une ou deux phrases (text)"),
)
