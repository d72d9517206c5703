"""The rule classifier's evidence for every line: its features, the layout and the verdicts of
both rule passes. The line model reads this evidence; without a model it is the answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cleaner.classify.layout import Layout, layout_of
from cleaner.classify.lines import ClassifierConfig, Line, LineVerdict, analyse
from cleaner.classify.passes import first_pass, second_pass
from cleaner.linemodel.features import LineFacts
from cleaner.rules import Rule, RuleSet


@dataclass(frozen=True)
class RuleEvidence:
    present: list[Line]  # the non-blank lines, in order
    layout: Layout
    decided: dict[int, LineVerdict]  # input index → the rules' verdict

    def facts(self) -> list[LineFacts]:
        return [_facts(line, self.decided[line.index]) for line in self.present]


def rule_evidence(
    lines: Sequence[str],
    ruleset: RuleSet,
    *,
    known_title: str | None,
    site_template: Mapping[str, str] | None,
    config: ClassifierConfig,
) -> RuleEvidence:
    template = site_template or {}
    hits_memo: dict[str, tuple[Rule, ...]] = {}  # repeated lines are matched once per call
    present = [
        info
        for index, raw in enumerate(lines)
        if (info := analyse(index, raw, ruleset, template, config, hits_memo)) is not None
    ]
    layout = layout_of(present, known_title, config)
    first = {line.index: first_pass(line, layout, config) for line in present}
    return RuleEvidence(present, layout, second_pass(present, first, layout, config))


def _facts(line: Line, verdict: LineVerdict) -> LineFacts:
    categories = frozenset(rule.category for rule in line.hits)
    if line.template is not None:
        categories |= {"site-template"}
    return LineFacts(
        text=line.text,
        words=line.words,
        punctuated=line.punctuated,
        prose=line.prose,
        bullet=line.bullet,
        categories=categories,
        rule_keep=verdict.keep,
        rule_id=verdict.rule_id,
    )
