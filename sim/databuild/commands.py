"""The `autoregions data` command: `data build` writes the regional CSVs, `data compare` checks
them against Eurostat 2015."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from sim.databuild import OUTPUTS, build, rawfiles
from sim.databuild.compare import (
    compare,
    criteria,
    format_coverage,
    format_criteria,
    format_factors,
    format_table,
)
from sim.errors import UserError

DATA = Path(__file__).resolve().parents[2] / "scenarios" / "data"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="build or check the regional data set (scenarios/data)")
    dsub = p.add_subparsers(dest="data_command", metavar="{build,compare}", required=True)
    b = dsub.add_parser("build", help="derive the regional CSVs from scenarios/data/raw")
    b.add_argument(
        "--out", type=Path, default=None, help="folder to write (default scenarios/data)"
    )
    b.add_argument("--raw", type=Path, default=None, help="raw inputs (default scenarios/data/raw)")
    b.add_argument(
        "--data", type=Path, default=None, help="folder with countries.csv (default scenarios/data)"
    )
    b.set_defaults(handler=build_main)
    c = dsub.add_parser("compare", help="compare the shipped regions with Eurostat 2015")
    c.add_argument("--data", type=Path, default=None, help="data folder (default scenarios/data)")
    c.add_argument("--raw", type=Path, default=None, help="raw inputs (default DATA/raw)")
    c.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    c.set_defaults(handler=compare_main)


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    data = args.data or DATA
    return (args.raw or data / "raw"), data


def write_outputs(texts: dict[str, str], out: Path) -> None:
    """Write every file into a temporary folder next to `out`, then move them in (no partial
    set of files is left behind when a write fails)."""

    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: exists and is not a folder")
    if not out.parent.is_dir():
        raise UserError(f"--out {out}: parent folder {out.parent} does not exist")
    out.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".databuild-", dir=out))
    try:
        for name, text in texts.items():
            with (tmp / name).open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        for name in texts:
            (tmp / name).replace(out / name)
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write ({exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_main(args: argparse.Namespace) -> int:
    raw, data = _folders(args)
    texts = build(raw, data)
    out = args.out or data
    write_outputs(texts, out)
    for name in OUTPUTS:
        print(f"wrote {out / name} ({len(texts[name].splitlines()) - 1} rows)")
    return 0


def compare_main(args: argparse.Namespace) -> int:
    raw, data = _folders(args)
    lines = compare(raw, data)
    print(format_table(lines, markdown=args.markdown))
    print()
    print(format_factors(lines))
    print(format_coverage(lines, rawfiles._plants(raw / rawfiles.POWERTRAIN)))
    print(format_criteria(criteria(lines)))
    return 0
