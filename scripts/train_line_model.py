#!/usr/bin/env python3
"""Train the line model from ../shared/dev/wcxb-dev and write it into the package.

Every page is rendered twice (paragraph scrape, full visible text), every line labelled against
the page's gold main text, and the rule classifier's evidence turned into features
(`cleaner.linemodel.dataset`). Sites are kept apart: pages are split into five folds by domain.
The lexicon (`cleaner.linemodel.lexicon`) is learned from the training pages; the pages a pass
trains on see lexicon columns of a lexicon learned without their own site (three inner folds),
as new pages will.

1. Five outer folds: a two-pass model trained on four folds scores the fifth. The held-out
   scores choose the decision threshold (the lowest at which the model loses no more of the
   articles' body words than the rule classifier) and the fold models are written to
   --folds-dir for `scripts/eval_text.py`.
2. The shipped model is trained the same way on all pages.

Deterministic: fixed seeds, one fixed fold assignment, LightGBM's deterministic mode; a retrain
gives the same model file.

Usage:
    .venv/bin/python scripts/train_line_model.py [--data DIR] [--limit N] [--out FILE]
        [--folds-dir DIR] [--workers 2]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import pickle
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import lightgbm
import numpy as np

from cleaner.classify.model_pass import rule_removal_stands
from cleaner.linemodel.dataset import (
    FOLDS,
    LabelledDocument,
    Page,
    body_labels,
    fold_of,
    iter_pages,
    label_document,
)
from cleaner.linemodel.features import line_matrix, second_pass_matrix, with_lexicon
from cleaner.linemodel.labels import label_lines
from cleaner.linemodel.lexicon import MIN_SITES, Lexicon
from cleaner.linemodel.model import LineModel, model_version
from cleaner.linemodel.render import RENDERINGS
from cleaner.rules import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "dev" / "wcxb-dev"
DEFAULT_OUT = ROOT / "cleaner" / "data" / "line_model.json"
INNER_FOLDS = 3
SURE_PRECISION = 0.995  # a rule this precise on the training folds decides alone
SURE_SUPPORT = 30
LEXICON_OFF_ONE_IN = 3  # one training page in three is seen without the lexicon
HEADLINE = "structure.headline"  # returned as the title: not a loss
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "max_bin": 63,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "num_threads": 2,
    "verbosity": -1,
}
ROUNDS = 150


_ruleset: RuleSet | None = None


def _init() -> None:
    global _ruleset
    _ruleset = load_ruleset([])


def _label(job: tuple[Page, str]) -> LabelledDocument:
    assert _ruleset is not None
    return label_document(job[0], job[1], _ruleset)


def label_all(pages: Sequence[Page], workers: int, cache: Path | None) -> list[LabelledDocument]:
    """Every rendering of every page, labelled. With `cache`, the rendered and labelled lines
    are kept in that file (keyed by the page ids); labels and features are recomputed."""
    key = [page.page_id for page in pages]
    if cache is not None and cache.exists():
        stored_key, docs = pickle.loads(cache.read_bytes())
        if stored_key == key:
            return [
                replace(
                    doc,
                    body=body_labels(doc.page, doc.lines),
                    features=line_matrix(doc.facts),
                )
                for doc in docs
            ]
    jobs = [(page, rendering) for page in pages for rendering in RENDERINGS]
    with multiprocessing.Pool(workers, initializer=_init) as pool:
        docs = [doc for doc in pool.imap(_label, jobs, chunksize=4) if len(doc.lines)]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((key, docs)))
    return docs


def _fit(rows: np.ndarray, labels: np.ndarray, rounds: int) -> lightgbm.Booster:
    data = lightgbm.Dataset(rows, label=labels.astype(np.float64), free_raw_data=True)
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


def _stack(docs: Sequence[LabelledDocument]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.vstack([doc.features for doc in docs])
    chrome = np.concatenate([~doc.body for doc in docs])
    return rows, chrome


def _second_rows(docs: Sequence[LabelledDocument], first_scores: list[np.ndarray]) -> np.ndarray:
    return np.vstack(
        [second_pass_matrix(doc.features, p) for doc, p in zip(docs, first_scores, strict=True)]
    )


def _split(scores: np.ndarray, docs: Sequence[LabelledDocument]) -> list[np.ndarray]:
    bounds = np.cumsum([0, *(len(doc.lines) for doc in docs)])
    return [scores[a:b] for a, b in itertools.pairwise(bounds)]


@dataclass(frozen=True)
class TwoPass:
    lexicon: Lexicon
    first: lightgbm.Booster
    second: lightgbm.Booster


def learn_lexicon(docs: Sequence[LabelledDocument]) -> Lexicon:
    return Lexicon.learn((doc.page.domain, doc.lines, doc.body) for doc in docs)


def _with_lexicon(
    docs: Sequence[LabelledDocument], lexicon: Lexicon, training: bool = False
) -> list[LabelledDocument]:
    return [
        replace(
            doc,
            features=with_lexicon(doc.features, doc.facts, lexicon, training and _lexicon_off(doc)),
        )
        for doc in docs
    ]


def _lexicon_off(doc: LabelledDocument) -> bool:
    """A fixed share of the training pages is seen without the lexicon, so that the model also
    learns to judge lines of a language the lexicon does not know (`lex_off`)."""
    return fold_of(f"{doc.page.page_id}/{doc.rendering}", LEXICON_OFF_ONE_IN, salt="lex") == 0


def _inner_folds(docs: Sequence[LabelledDocument]) -> list[int]:
    return [fold_of(doc.page.domain, INNER_FOLDS, salt="inner") for doc in docs]


def _out_of_fold_lexicon(docs: Sequence[LabelledDocument]) -> list[LabelledDocument]:
    """Each document with the lexicon columns of a lexicon learned without its site (so the
    model learns how much the lexicon is worth on words it has not seen labelled)."""
    inner = _inner_folds(docs)
    if len(set(inner)) < 2:  # tiny samples: nothing to hold out
        return _with_lexicon(docs, learn_lexicon(docs), training=True)
    out = list(docs)
    for k in range(INNER_FOLDS):
        held = [i for i, f in enumerate(inner) if f == k]
        lexicon = learn_lexicon([doc for doc, f in zip(docs, inner, strict=True) if f != k])
        held_docs = _with_lexicon([docs[i] for i in held], lexicon, training=True)
        for i, doc in zip(held, held_docs, strict=True):
            out[i] = doc
    return out


def fit_two_pass(docs: Sequence[LabelledDocument], rounds: int) -> TwoPass:
    """The lexicon from all `docs`; the first pass on their out-of-fold lexicon features; the
    second on their first-pass scores made out of fold (so the second pass learns from
    scores like those it will see on new pages)."""
    lexicon = learn_lexicon(docs)
    docs = _out_of_fold_lexicon(docs)
    rows, chrome = _stack(docs)
    first = _fit(rows, chrome, rounds)
    inner = _inner_folds(docs)
    # in-sample scores only where a fold holds every page (tiny samples)
    oof = _split(first.predict(rows), docs)
    for k in range(INNER_FOLDS):
        train = [doc for doc, f in zip(docs, inner, strict=True) if f != k]
        held = [i for i, f in enumerate(inner) if f == k]
        if not train or not held:
            continue
        booster = _fit(*_stack(train), rounds)
        held_docs = [docs[i] for i in held]
        for i, p in zip(
            held, _split(booster.predict(_stack(held_docs)[0]), held_docs), strict=True
        ):
            oof[i] = p
    second = _fit(_second_rows(docs, oof), chrome, rounds)
    return TwoPass(lexicon, first, second)


def score_two_pass(models: TwoPass, docs: Sequence[LabelledDocument]) -> list[np.ndarray]:
    docs = _with_lexicon(docs, models.lexicon)
    first_scores = _split(models.first.predict(_stack(docs)[0]), docs)
    return _split(models.second.predict(_second_rows(docs, first_scores)), docs)


def sure_rules(docs: Sequence[LabelledDocument]) -> frozenset[str]:
    """Rule ids whose removals are (almost) always boilerplate on these pages."""
    drops: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for doc in docs:
        for fact, body in zip(doc.facts, doc.body, strict=True):
            if not fact.rule_keep and fact.rule_id != "structure.headline":
                drops[fact.rule_id] += 1
                wrong[fact.rule_id] += int(body)
    return frozenset(
        rule
        for rule, count in drops.items()
        if count >= SURE_SUPPORT and 1 - wrong[rule] / count >= SURE_PRECISION
    )


def _removed(
    doc: LabelledDocument, scores: np.ndarray, threshold: float, sure: frozenset[str]
) -> np.ndarray:
    """The lines the cleaner removes from the body at `threshold`, decided as
    `cleaner.classify.model_pass` decides them."""
    by_rule = np.array(
        [
            not f.rule_keep and f.rule_id != HEADLINE and rule_removal_stands(f.rule_id, p, sure)
            for f, p in zip(doc.facts, scores, strict=True)
        ],
        dtype=bool,
    )
    return by_rule | (scores >= threshold)


@dataclass(frozen=True)
class Held:
    """One held-out article rendering: its gold body lines (the headline is not body here:
    the cleaner returns it as the title) and line lengths."""

    doc: LabelledDocument
    scores: np.ndarray
    body: np.ndarray
    words: np.ndarray

    @classmethod
    def of(cls, doc: LabelledDocument, scores: np.ndarray) -> Held:
        gold = doc.page.gold.get("main_content") or ""
        body = np.asarray(label_lines(doc.lines, gold), dtype=bool)
        return cls(doc, scores, body, np.array([fact.words for fact in doc.facts]))


@dataclass(frozen=True)
class Loss:
    body_lines: float  # share of the articles' body lines removed
    body_words: float
    chrome_words: int  # boilerplate words removed

    def __str__(self) -> str:
        return (
            f"body lines lost {self.body_lines:.2%} (words {self.body_words:.2%}), "
            f"boilerplate words removed {self.chrome_words}"
        )


def _loss(held: Sequence[Held], removed: Sequence[np.ndarray]) -> Loss:
    pairs = list(zip(held, removed, strict=True))
    return Loss(
        sum(int((r & h.body).sum()) for h, r in pairs)
        / (sum(int(h.body.sum()) for h in held) or 1),
        sum(int(h.words[r & h.body].sum()) for h, r in pairs)
        / (sum(int(h.words[h.body].sum()) for h in held) or 1),
        sum(int(h.words[r & ~h.body].sum()) for h, r in pairs),
    )


def _rules_removed(doc: LabelledDocument) -> np.ndarray:
    return np.array([not f.rule_keep and f.rule_id != HEADLINE for f in doc.facts], dtype=bool)


def choose_threshold(
    docs: Sequence[LabelledDocument], scores: list[np.ndarray], sure: frozenset[str]
) -> float:
    """The lowest threshold at which, in every rendering, the cleaner loses no more of the
    held-out articles' body words than the rule classifier does: precision first, the model
    may only remove more chrome, not more article. (Lines lost are printed too: short body
    lines — list items, table cells, headings — are lost more often than sentences.)"""
    held = [
        Held.of(d, s) for d, s in zip(docs, scores, strict=True) if d.page.page_type == "article"
    ]
    groups = {r: [h for h in held if h.doc.rendering == r] for r in RENDERINGS}
    budgets = {}
    for rendering, group in groups.items():
        rules = _loss(group, [_rules_removed(h.doc) for h in group])
        budgets[rendering] = rules.body_words
        print(f"  {rendering}: the rules: {rules}", file=sys.stderr)
    chosen = 0.99
    for threshold in np.arange(0.99, 0.295, -0.01):
        losses = {
            r: _loss(group, [_removed(h.doc, h.scores, threshold, sure) for h in group])
            for r, group in groups.items()
        }
        for rendering, loss in losses.items():
            if round(threshold * 100) % 5 == 0:
                print(f"  threshold {threshold:.2f}, {rendering}: {loss}", file=sys.stderr)
        if any(loss.body_words > budgets[r] for r, loss in losses.items()):
            break
        chosen = round(float(threshold), 2)
    return chosen


def save_held_out(folder: Path, docs: Sequence[LabelledDocument], scores: list[np.ndarray]) -> None:
    """The held-out scores, for looking at the trade-off without retraining."""
    keys = [(d.page.page_id, d.rendering) for d in docs]
    (folder / "held-out-scores.pkl").write_bytes(pickle.dumps((keys, scores)))


def _model(models: TwoPass, threshold: float, sure: frozenset[str], info: dict) -> LineModel:
    parts = (models.lexicon, models.first, models.second, threshold, sure)
    draft = LineModel(*parts, version="draft", info=info)
    return LineModel(*parts, version=model_version(draft.to_json()), info=info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds-dir", type=Path, default=ROOT / "build" / "line-model-folds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep the labelled lines in this file"
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="boosting rounds per pass")
    args = parser.parse_args(argv)

    started = time.monotonic()
    pages = list(iter_pages(args.data, args.limit))
    docs = label_all(pages, args.workers, args.cache)
    print(
        f"{len(pages)} pages, {len(docs)} renderings, {sum(len(d.lines) for d in docs)} lines "
        f"labelled in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    folds = [fold_of(doc.page.domain) for doc in docs]
    oof: list[np.ndarray] = [np.zeros(0)] * len(docs)
    fold_settings = []
    for k in range(FOLDS):
        train = [d for d, f in zip(docs, folds, strict=True) if f != k]
        held = [i for i, f in enumerate(folds) if f == k]
        models = fit_two_pass(train, args.rounds)
        if held:
            for i, p in zip(held, score_two_pass(models, [docs[i] for i in held]), strict=True):
                oof[i] = p
        fold_settings.append((models, sure_rules(train)))
        print(f"fold {k}: trained on {len(train)}, scored {len(held)}", file=sys.stderr)
    sure = sure_rules(docs)
    threshold = choose_threshold(docs, oof, sure)
    args.folds_dir.mkdir(parents=True, exist_ok=True)
    save_held_out(args.folds_dir, docs, oof)
    for k, (models, fold_sure) in enumerate(fold_settings):
        info = {"fold": k, "folds": FOLDS, "held_out_domains": "fold_of(domain) == fold"}
        (args.folds_dir / f"fold-{k}.json").write_text(
            _model(models, threshold, fold_sure, info).to_json()
        )
    final_models = fit_two_pass(docs, args.rounds)
    final = _model(
        final_models,
        threshold,
        sure,
        {
            "trained_on": "wcxb-dev (Murrough Foley, 2026, CC-BY-4.0)",
            "lexicon": (
                f"{len(final_models.lexicon.weights)} words and word pairs seen on at least "
                f"{MIN_SITES} sites"
            ),
            "pages": len(pages),
            "renderings": sorted(RENDERINGS),
            "params": PARAMS,
            "rounds": args.rounds,
            "threshold_rule": (
                "lowest losing, in each rendering, no more of the held-out articles' body words "
                "than the rules"
            ),
        },
    )
    args.out.write_text(final.to_json())
    print(f"threshold {threshold}, sure rules {sorted(final.sure_rules)}", file=sys.stderr)
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, version {final.version}) "
        f"in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
