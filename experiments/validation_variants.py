"""Print the ELAB 2.0 and IAB/GWS/BIBB validation targets under the variants that
docs/validation.md discusses: productivity growth off (the baseline's 0) and EU-made against
imported battery content. Each variant is the shipped validation scenario with a few keys
changed; the measure is the one `autoregions validate` uses.

    python experiments/validation_variants.py [--seed N] [--scale K]   (defaults: 1 and 1)
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from sim.analysis.validation import FOLDER, TARGETS, Settings

ZERO = {
    f"productivity.{k}": 0.0 for k in ("oem", "supplier_ice", "supplier_ev", "supplier_agnostic")
}
#: target name start -> [(variant label, keys set in every scenario of the target)].
VARIANTS = {
    "ELAB 2.0": [
        ("as shipped (sensitivity productivity rates)", {}),
        ("no productivity growth", ZERO),
    ],
    "IAB/GWS/BIBB": [
        ("as shipped (imported battery content, sensitivity rates)", {}),
        ("EU-made battery content, sensitivity rates", {"localisation.battery_eu_share": 1.0}),
        (
            "EU-made battery content, no productivity growth",
            {"localisation.battery_eu_share": 1.0, **ZERO},
        ),
        ("imported battery content, no productivity growth", ZERO),
    ],
}


def _write(folder: Path, base: Path, index: int, keys: dict[str, float]) -> str:
    """A scenario file that extends `base` and sets `keys` (dotted: section.key)."""
    lines = [f'extends = "{base}"', f'name = "{base.stem}_variant"', ""]
    for section in sorted({k.split(".")[0] for k in keys}):
        lines.append(f"[{section}]")
        lines += [f"{k.split('.', 1)[1]} = {v!r}" for k, v in keys.items() if k.startswith(section)]
    path = folder / f"{base.stem}-{index}.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    settings = Settings(scale=args.scale, seed=args.seed)
    print(f"validation variants, seed {args.seed}, scale {args.scale}")
    with tempfile.TemporaryDirectory() as tmp:
        for start, variants in VARIANTS.items():
            target = next(t for t in TARGETS if t.name.startswith(start))
            print(f"{target.name} (published {target.published:+,.0f})")
            for index, (label, keys) in enumerate(variants):
                files = tuple(_write(Path(tmp), FOLDER / s, index, keys) for s in target.scenarios)
                variant = dataclasses.replace(target, scenarios=files)
                value, note = variant.measure(variant, settings)
                print(f"  {label:<58} {value:+10,.0f}   {note}")


if __name__ == "__main__":
    main()
