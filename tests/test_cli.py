"""The command line from the user's side: a sample in, JSON out; bad input gives one line and an exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REFERENCE

PROVLENS = [sys.executable, "-m", "provlens.cli"]


def run(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run([*PROVLENS, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def test_annotate_reference_prints_the_contract():
    """`provlens annotate` on the reference article prints the Annotation JSON with the contract names."""
    r = run("annotate", "--credits-only", str(REFERENCE))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    prov = data["provenance"]
    assert prov["source_outlets"][0]["name"] == "Alba Ciudad"
    assert prov["translators"][0]["name"] == "Orinoco Tribune"
    assert prov["photo_credits"][0]["credit"] == "Zurimar Campos"
    assert prov["editorial_tags"][0]["initials"] == ["JRE", "SL"]
    assert prov["date"] == "2022-02-17"
    ev = prov["photo_credits"][0]["evidence"][0]
    assert data["text"][ev["start"]:ev["end"]] == ev["text"] == "Zurimar Campos"


def test_annotate_reads_standard_input():
    """'-' reads the article from standard input."""
    r = run("annotate", "--credits-only", "-", stdin=REFERENCE.read_bytes())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["source"] == "-"


def test_output_is_deterministic():
    """Same input, same bytes."""
    a = run("annotate", "--credits-only", str(REFERENCE)).stdout
    b = run("annotate", "--credits-only", str(REFERENCE)).stdout
    assert a == b


def test_schema_command():
    """`provlens schema` prints the JSON Schema of the Annotation."""
    r = run("schema")
    schema = json.loads(r.stdout)
    assert "provenance" in schema["properties"] and "Provenance" in schema["$defs"]


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n \t\n")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x99, 0xA0]) * 20)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.write(b"word " * (20 * 1024 * 1024 // 5))
    return {
        "empty": (empty, "is empty"),
        "blank": (blank, "is empty"),
        "binary": (binary, "binary"),
        "directory": (tmp_path, "is a directory"),
        "missing": (tmp_path / "nope.txt", "no such file"),
        "huge": (huge, "the limit is"),
        "undecodable": (undecodable, "cannot be decoded"),
    }


@pytest.mark.parametrize("kind", ["empty", "blank", "binary", "directory", "missing", "huge", "undecodable"])
def test_bad_input_gives_one_line_and_exit_2(tmp_path, kind):
    """A one-line error naming the file and the problem, exit 2, no traceback."""
    path, words = _bad_inputs(tmp_path)[kind]
    r = run("annotate", str(path))
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert r.stdout == b""
    assert err.count("\n") == 1 and str(path) in err and words in err, err
    assert "Traceback" not in err


def test_other_encodings_are_detected(tmp_path):
    """A Windows-1252 article is decoded, not refused."""
    p = tmp_path / "cp1252.txt"
    p.write_bytes("El presidente habló con la prensa en Bogotá. Según él, la reunión fue “positiva”.\n\nFuente: Diario del Sur\n".encode("cp1252"))
    r = run("annotate", "--credits-only", str(p))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["provenance"]["source_outlets"][0]["name"] == "Diario del Sur"


def test_large_file_under_the_limit_is_processed_in_bounded_time(tmp_path):
    """A 2 MB article is annotated, credits only, within a few seconds."""
    p = tmp_path / "long.txt"
    p.write_text(("The council met on Tuesday and discussed the budget for the coming year. " * 28000)
                 + "\n\n(Diario del Sur)\n", encoding="utf-8")
    r = subprocess.run([*PROVLENS, "annotate", "--credits-only", str(p)], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["provenance"]["source_outlets"][0]["name"] == "Diario del Sur"


def test_never_overwrites_an_input(tmp_path):
    """-o pointing at the input is refused with exit 4 and the input is untouched."""
    p = tmp_path / "a.txt"
    p.write_bytes(REFERENCE.read_bytes())
    r = run("annotate", str(p), "-o", str(p))
    assert r.returncode == 4 and b"overwrite" in r.stderr
    assert p.read_bytes() == REFERENCE.read_bytes()


def test_several_files_one_bad(tmp_path):
    """Several files: one JSON line per good file, a one-line error for the bad one, exit 2."""
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    r = run("annotate", "--credits-only", str(REFERENCE), str(bad), str(REFERENCE))
    assert r.returncode == 2
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["provenance"]["date"] == "2022-02-17" for x in lines)
    assert "is empty" in r.stderr.decode()


def test_output_file_written(tmp_path):
    """-o writes the file atomically and prints nothing on standard output."""
    out = tmp_path / "out.json"
    r = run("annotate", "--credits-only", str(REFERENCE), "-o", str(out))
    assert r.returncode == 0 and r.stdout == b""
    assert json.loads(out.read_text())["provenance"]["publisher"]["name"] == "Orinoco Tribune"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".out.json.")]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not a private temporary one


def test_user_registry_decodes_a_tag(tmp_path):
    """--registry adds outlets: a tag code the bundled registry does not know is decoded."""
    reg = tmp_path / "outlets.toml"
    reg.write_text('[[outlet]]\nid = "diario-costa"\nname = "Diario Costa"\ncodes = ["DCX"]\n'
                   'language = "es"\ncountry = ""\nkind = "outlet"\n', encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("El puerto reabrió el lunes tras la tormenta, informaron las autoridades locales.\n\nDCX/ab/cd\n",
                   encoding="utf-8")
    r = run("annotate", "--credits-only", "--registry", str(reg), str(art))
    assert r.returncode == 0, r.stderr
    tag, = json.loads(r.stdout)["provenance"]["editorial_tags"]
    assert (tag["outlet"], tag["initials"]) == ("Diario Costa", ["ab", "cd"])


def test_broken_registry_is_a_data_error(tmp_path):
    """An invalid registry file: one line naming it, exit 3."""
    reg = tmp_path / "outlets.toml"
    reg.write_text('[[outlet]]\nid = "Bad Id"\nname = "X"\nlanguage = "spanish"\ncountry = ""\nkind = "outlet"\n')
    r = run("annotate", "--registry", str(reg), str(REFERENCE))
    assert r.returncode == 3 and str(reg) in r.stderr.decode() and "Traceback" not in r.stderr.decode()
