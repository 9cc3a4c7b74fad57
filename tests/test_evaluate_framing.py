"""The BABE and PTC evaluators on small invented fixtures, with figures worked out by hand.

The fixtures are scored with a small lexicon of their own (the bundled lexicons change as they
grow), so the expected figures depend only on the fixture files and the table below.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import DATA

import provlens.analysers.framing as framing_module
from provlens.analysers.framing import build_matcher
from provlens.cli import main
from provlens.errors import InputError, UsageError
from provlens.evaluate.babe import evaluate_babe, format_babe
from provlens.evaluate.ptc import (
    KNOWN_TECHNIQUES,
    align,
    evaluate_ptc,
    format_ptc,
    merge,
    overlap_sums,
    read_raw,
)
from provlens.lexicon import LexiconEntry, framing_settings

BABE = DATA / "babe-mini.csv"
PTC = DATA / "ptc-mini"
CHOSEN = ["Loaded_Language", "Name_Calling,Labeling"]

TABLE = (
    ("reckless", "loaded", 2),
    ("disaster", "loaded", 2),
    ("radical left", "name_calling", 3),
    ("puppet", "name_calling", 2),
    ("massive", "exaggeration", 1),
)


@pytest.fixture(autouse=True)
def fixture_lexicon(monkeypatch):
    """Score with the fixture lexicon instead of the bundled one."""
    entries = tuple(LexiconEntry(id=f"fixture.{p.replace(' ', '_')}", pattern=p, category=c, intensity=i,
                                 explanation="fixture", example=p) for p, c, i in TABLE)
    m = build_matcher("en", entries, framing_settings().language["en"])
    monkeypatch.setattr(framing_module, "matcher", lambda language: m)


# --------------------------------------------------------------------------------------------
# BABE


def test_babe_sentence_level():
    """Rows 1 and 3 are found, row 4 is a false alarm, rows 5 (one scare quote) and 6 (quoted) are missed."""
    result = evaluate_babe(BABE)
    s = result["sentence"]
    assert result["rows"] == 7 and result["threshold"] == 2.0
    # biased: 2 right of 3 predicted, 4 gold; non-biased: 2 right (rows 2, 7) of 4 predicted, 3 gold
    assert s["biased"] == {"precision": 0.667, "recall": 0.5, "f1": 0.571, "tp": 2, "predicted": 3, "gold": 4}
    assert s["non_biased"] == {"precision": 0.5, "recall": 0.667, "f1": 0.571, "tp": 2, "predicted": 4, "gold": 3}
    assert s["macro_f1"] == 0.571 and s["accuracy"] == 0.571


def test_babe_word_level():
    """5 words predicted (reckless, radical, left, disaster, reform), 4 right; 4 of 6 labelled words found."""
    word = evaluate_babe(BABE)["word"]
    assert word == {"precision": 0.8, "recall": 0.667, "f1": 0.727,
                    "predicted": 5, "correct": 4, "labelled": 6, "found": 4}


def test_babe_threshold_option():
    """At threshold 1 the scare-quoted row and the quoted row also count as biased."""
    s = evaluate_babe(BABE, threshold=1.0)["sentence"]
    assert (s["biased"]["tp"], s["biased"]["predicted"]) == (4, 5)
    assert (s["non_biased"]["tp"], s["non_biased"]["predicted"]) == (2, 2)


def test_babe_table_and_cli_json(capsys):
    """The table names the figures; the CLI prints the same figures as JSON."""
    table = format_babe(evaluate_babe(BABE))
    assert "macro-F1" in table and "0.571" in table and "0.727" in table
    assert main(["evaluate", "babe", str(BABE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["word"]["f1"] == 0.727


@pytest.mark.parametrize(
    ("content", "message"),
    [("a;b\n1;2\n", "missing columns"), ("text;label_bias;biased_words\nA plan;Biased;[oops\n", "line 2")],
    ids=["wrong-header", "bad-word-list"],
)
def test_babe_bad_input(tmp_path, content, message):
    """A file that is not BABE, or a broken word list, is an InputError saying where."""
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_babe(path)


# --------------------------------------------------------------------------------------------
# PTC

# Per article, (sum |s&t|/|s|, |S|, sum |s&t|/|t|, |T|) for the two chosen techniques together:
#   1001: reckless in "reckless plan" (8/8, 8/13), disaster = disaster (1, 1)      -> 2, 2, 1 + 8/13, 2
#   1002: radical left in "The radical left" (1, 12/16); puppet in the merged
#         "a puppet" + "puppet of the banks" = "a puppet of the banks" (1, 6/21)   -> 2, 2, 3/4 + 2/7, 2
#   1003: disaster with no gold span                                               -> 0, 1, 0, 0
#   1004: no label file, not counted
P_ALL = 4 / 5
R_ALL = (1 + 8 / 13 + 3 / 4 + 2 / 7) / 4


def f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3)


def test_ptc_overall():
    """Partial-overlap precision and recall over the chosen techniques, summed over articles."""
    result = evaluate_ptc(PTC, CHOSEN)
    assert result["articles"] == 3 and result["unlabelled"] == ["article1004.txt"]
    assert result["overall"] == {"precision": round(P_ALL, 3), "recall": round(R_ALL, 3), "f1": f1(P_ALL, R_ALL),
                                 "predicted": 5, "gold": 4}


def test_ptc_per_technique():
    """Each technique alone: its own predicted spans against its own gold spans."""
    per = evaluate_ptc(PTC, CHOSEN)["per_technique"]
    # Loaded_Language: reckless, disaster, disaster predicted; reckless plan, disaster, puppet of the banks gold
    p, r = 2 / 3, (8 / 13 + 1) / 3
    assert per["Loaded_Language"] == {"precision": round(p, 3), "recall": round(r, 3), "f1": f1(p, r),
                                      "predicted": 3, "gold": 3}
    # Name_Calling,Labeling: radical left and puppet predicted; The radical left and a puppet gold
    assert per["Name_Calling,Labeling"] == {"precision": 1.0, "recall": 0.75, "f1": f1(1.0, 0.75),
                                            "predicted": 2, "gold": 2}


def test_ptc_single_labels_file(tmp_path):
    """All labels gathered in one file give the same figures."""
    lines = []
    for path in sorted(PTC.glob("article*.label*")):
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    labels = tmp_path / "dev-task-TC.labels"
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert evaluate_ptc(PTC, CHOSEN, labels)["overall"] == evaluate_ptc(PTC, CHOSEN)["overall"]


def test_ptc_offsets_into_crlf_file(tmp_path):
    """Offsets count the file as read: an article with CRLF line ends scores like the LF one."""
    for path in PTC.iterdir():
        if path.name.endswith(".txt"):
            (tmp_path / path.name).write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    for path in PTC.iterdir():
        if not path.name.endswith(".txt"):
            text = read_raw(tmp_path / (path.name.split(".")[0] + ".txt"))
            lf = (PTC / (path.name.split(".")[0] + ".txt")).read_text(encoding="utf-8")
            out = []
            for line in path.read_text(encoding="utf-8").splitlines():
                aid, tech, s, e = line.split("\t")
                piece = lf[int(s):int(e)]
                start = text.index(piece.replace("\n", "\r\n"))
                out.append(f"{aid}\t{tech}\t{start}\t{start + len(piece.replace(chr(10), chr(13) + chr(10)))}")
            (tmp_path / path.name).write_text("\n".join(out) + "\n", encoding="utf-8")
    assert evaluate_ptc(tmp_path, CHOSEN)["overall"] == evaluate_ptc(PTC, CHOSEN)["overall"]


def test_ptc_labels_folder_apart(tmp_path):
    """Label files may sit in their own folder (--labels)."""
    articles, labels = tmp_path / "articles", tmp_path / "labels"
    articles.mkdir()
    labels.mkdir()
    for path in PTC.iterdir():
        shutil.copy(path, (articles if path.name.endswith(".txt") else labels) / path.name)
    assert evaluate_ptc(articles, CHOSEN, labels)["overall"] == evaluate_ptc(PTC, CHOSEN)["overall"]


def test_ptc_table_and_cli_json(capsys):
    """The table lists each technique; the CLI splits Name_Calling,Labeling correctly and prints JSON."""
    table = format_ptc(evaluate_ptc(PTC, CHOSEN))
    assert "Name_Calling,Labeling" in table and "article1004.txt" in table
    assert main(["evaluate", "ptc", str(PTC), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["techniques"] == CHOSEN and result["overall"]["f1"] == f1(P_ALL, R_ALL)


def test_ptc_unknown_technique():
    """A technique outside the 14 PTC names is a usage error listing them."""
    with pytest.raises(UsageError, match="Loaded_Language"):
        evaluate_ptc(PTC, ["Loaded_Langauge"])


def test_known_techniques():
    """The 14 technique names of the PTC label set."""
    assert len(KNOWN_TECHNIQUES) == 14 and "Name_Calling,Labeling" in KNOWN_TECHNIQUES


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(0, 5), (3, 8)], [(0, 8)]),
        ([(3, 8), (0, 5), (10, 12)], [(0, 8), (10, 12)]),
        ([(0, 5), (5, 8)], [(0, 5), (5, 8)]),
        ([(0, 10), (2, 4)], [(0, 10)]),
    ],
    ids=["overlap", "unsorted", "touching", "nested"],
)
def test_merge(spans, merged):
    """Overlapping gold spans merge; touching ones stay apart."""
    assert merge(spans) == merged


def test_overlap_sums():
    """|s&t|/|s| and |s&t|/|t| summed over all pairs."""
    assert overlap_sums([(0, 4), (10, 12)], [(2, 6)]) == (0.5, 0.5)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [("a\r\nb", "a\nb"), ("x \ny", "x\ny"), ("\n\nab", "ab"), ("e\u0301t\u00e9", "\u00e9t\u00e9"), ("a\u200bb", "ab")],
    ids=["crlf", "trailing-space", "leading-lines", "nfc", "zero-width"],
)
def test_align_maps_normalised_offsets_to_raw(raw, norm):
    """Each normalised character maps to a raw offset, in order, pointing at the same letter where one exists."""
    where = align(raw, norm)
    assert len(where) == len(norm) and where == sorted(where)
    assert raw[where[-1]] in (norm[-1], "\u0301")
