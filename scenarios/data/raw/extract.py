"""Re-create the Eurostat extracts in this folder from the original repository files.

Run from the repository root with the three source repositories checked out (git directories):

    python scenarios/data/raw/extract.py KPROD_GIT MARCON_GIT SOLLARI_GIT

Each argument is the git directory of: kproductivity/creative-industries,
EricMarcon/Cours-Diversite-Concentration and jsollari/EUhackathon2017. The files are read at the
pinned commits below with `git show`, so the output does not depend on what else is checked out.
Not used by `autoregions data build`: the build reads only the extracts this script wrote.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KPROD = ("e7902e4e2f54caabd63a6ea9a661f7c725b7b470", "data/sbs_r_nuts06_r2.tsv.gz")
MARCON = ("3d4e1ae20b94c349a9772949730f2cb3414c006b", "data/sbs_r_nuts06_r2.csv")
SOLLARI = ("9f8c1ba7199443773add324566e159661c2bd18c", "data/nama_10r_2gdp.tsv")


def _show(git_dir: str, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def _cell(text: str) -> tuple[str, str]:
    """An Eurostat TSV cell ('1234 ', ': c', '567 d') -> (value, flags)."""
    text = text.strip()
    value, _, flags = text.partition(" ")
    if value == ":":
        value = ""
    return value, flags.strip()


def _kprod_rows(git_dir: str) -> tuple[list[str], list[str]]:
    """The lines of the pinned kproductivity sbs_r_nuts06_r2 TSV and its year columns."""
    commit, path = KPROD
    lines = gzip.decompress(_show(git_dir, commit, path)).decode("utf-8").splitlines()
    return lines, [y.strip() for y in lines[0].split("\t")[1:]]


def sbs_v2017(git_dir: str) -> None:
    commit, path = KPROD
    lines, years = _kprod_rows(git_dir)
    out = [
        f"# Source: Eurostat, sbs_r_nuts06_r2 (SBS by NUTS 2 regions and NACE Rev. 2). "
        f"Extracted from GitHub kproductivity/creative-industries, {path}, commit {commit} "
        "(an unmodified Eurostat "
        "bulk-download TSV, vintage about mid-2017; repository licence Apache-2.0). Extraction: "
        "rows with nace_r2 = C and C29 and indic_sb = V16110 (persons employed), every geo; one "
        "output row per geo and year; ':' written as an empty value; Eurostat flags kept (c "
        "confidential, d definition differs, b break, p provisional, u low reliability, e "
        "estimated). NUTS 2013 codes. Eurostat reuse: Commission Decision 2011/833/EU. Written by "
        "scenarios/data/raw/extract.py.",
        "nace_r2,geo,year,value,flag",
    ]
    for line in lines[1:]:
        key, *cells = line.split("\t")
        nace, indic, geo = key.split(",")
        if nace not in ("C", "C29") or indic != "V16110":
            continue
        for year, cell in sorted(zip(years, cells, strict=True)):
            value, flag = _cell(cell)
            out.append(f"{nace},{geo},{year},{value},{flag}")
    (HERE / "sbs_r_nuts06_r2_v2017.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


def sbs_wages_national(git_dir: str) -> None:
    """National C29 wages and salaries (V13320) and persons employed (V16110), 2008-2015."""
    commit, path = KPROD
    lines, years = _kprod_rows(git_dir)
    out = [
        f"# Source: Eurostat, sbs_r_nuts06_r2 (SBS by NUTS 2 regions and NACE Rev. 2). "
        f"Extracted from GitHub kproductivity/creative-industries, {path}, commit {commit} "
        "(an unmodified Eurostat bulk-download TSV, vintage about mid-2017; repository licence "
        "Apache-2.0). Extraction: rows with nace_r2 = C29 and indic_sb = V13320 (wages and "
        "salaries, EUR million) or V16110 (persons employed), national geos (two-letter codes); "
        "one output row per geo, indicator and year; ':' written as an empty value; Eurostat "
        "flags kept. Eurostat reuse: Commission Decision 2011/833/EU. Written by "
        "scenarios/data/raw/extract.py.",
        "nace_r2,indic_sb,geo,year,value,flag",
    ]
    for line in lines[1:]:
        key, *cells = line.split("\t")
        nace, indic, geo = key.split(",")
        if nace != "C29" or indic not in ("V13320", "V16110") or len(geo) != 2:
            continue
        for year, cell in sorted(zip(years, cells, strict=True)):
            value, flag = _cell(cell)
            out.append(f"{nace},{indic},{geo},{year},{value},{flag}")
    text = "\n".join(out) + "\n"
    (HERE / "sbs_c29_wages_national_v2017.csv").write_text(text, encoding="utf-8")


def sbs_v2023(git_dir: str) -> None:
    commit, path = MARCON
    lines = _show(git_dir, commit, path).decode("utf-8").splitlines()
    out = [
        "# Source: Eurostat, sbs_r_nuts06_r2, year 2015 (column n2015), later vintage than "
        "sbs_r_nuts06_r2_v2017.csv. Extracted from GitHub "
        "EricMarcon/Cours-Diversite-Concentration, "
        f"{path}, commit {commit} (2023-06-17; the file is unchanged at HEAD 961002985c0c). The "
        "file does not name its indicator; its values equal V16110 (persons employed) wherever "
        "both files have one. Extraction: rows with nace_r2 = C29, every geo; a blank cell "
        "(confidential or not available) written as an empty value. NUTS 2013 codes. The "
        "repository has no licence file; Eurostat reuse: Commission Decision 2011/833/EU. Written "
        "by scenarios/data/raw/extract.py.",
        "nace_r2,geo,value_2015",
    ]
    for line in lines[1:]:
        nace, geo, value = line.split(";")
        if nace == "C29":
            out.append(f"{nace},{geo},{value.strip()}")
    (HERE / "sbs_r_nuts06_r2_2015_v2023.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


def gdp(git_dir: str) -> None:
    commit, path = SOLLARI
    lines = _show(git_dir, commit, path).decode("utf-8").splitlines()
    years = [y.strip() for y in lines[0].split("\t")[1:]]
    out = [
        "# Source: Eurostat, nama_10r_2gdp (GDP at current market prices by NUTS 2 regions), "
        f"year 2014. Extracted from GitHub jsollari/EUhackathon2017, {path}, commit {commit} (an "
        "unmodified Eurostat bulk TSV, vintage about spring 2017, years 2000-2014; repository "
        "licence MIT). Extraction: units EUR_HAB (EUR per inhabitant), PPS_HAB (PPS per "
        "inhabitant) and MIO_EUR (EUR million), year 2014, every geo; ':' written as empty; "
        "flags kept. NUTS 2013 codes. Eurostat reuse: Commission Decision 2011/833/EU. Written by "
        "scenarios/data/raw/extract.py.",
        "unit,geo,year,value,flag",
    ]
    for line in lines[1:]:
        key, *cells = line.split("\t")
        unit, geo = key.split(",")
        if unit not in ("EUR_HAB", "PPS_HAB", "MIO_EUR"):
            continue
        value, flag = _cell(cells[years.index("2014")])
        out.append(f"{unit},{geo},2014,{value},{flag}")
    (HERE / "nama_10r_2gdp_2014.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sbs_v2017(sys.argv[1])
    sbs_wages_national(sys.argv[1])
    sbs_v2023(sys.argv[2])
    gdp(sys.argv[3])
