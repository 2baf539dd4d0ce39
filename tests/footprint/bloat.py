#!/usr/bin/env python3
"""cargo-bloat-like summary of a linked ELF: symbol sizes (llvm-nm, or $NM)
grouped by crate and, for core/alloc and this library, by module; or, with
--stack-frames, the largest stack frames recorded by -Z emit-stack-sizes.

Usage: bloat.py ELF [--top N] [--markdown]
       bloat.py ELF --stack-frames N
"""
import os
import re
import shutil
import subprocess
import sys


def demangle(name):
    # Legacy Rust mangling as llvm-nm 14 leaves it when it cannot demangle.
    if name.startswith("_ZN"):
        return name
    for a, b in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"),
                 ("$BP$", "*"), ("$u7b$", "{"), ("$u7d$", "}"), ("$u5b$", "["), ("$u5d$", "]"),
                 ("$u27$", "'"), ("$u3b$", ";"), ("$LP$", "("), ("$RP$", ")"), ("..", "::")):
        name = name.replace(a, b)
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    return name.lstrip("_") if name.startswith("_<") else name


def group_of(name):
    """The crate (and, for some, the module) a symbol belongs to."""
    n = name
    if n.startswith("<"):
        # <Type as Trait>::f or <Type>::f: attribute to the type's crate,
        # unless the type is generic/primitive, then to the trait's.
        inner = n[1:]
        ty, _, rest = inner.partition(" as ")
        ty = re.sub(r"^(&mut |&|\*const |\*mut |\[)+", "", ty).split("<")[0]
        if "::" not in ty:
            ty = rest
        n = ty
    parts = [p for p in re.split(r"::", n) if p]
    if not parts:
        return "?"
    root = parts[0].strip("<>&*[] ")
    if root.startswith(".L") or root.startswith("anon") or root.startswith(".Lanon"):
        return "(anonymous constants)"
    if root in ("core", "alloc") and len(parts) > 1:
        sub = parts[1]
        if sub == "num" and len(parts) > 2 and parts[2] in ("dec2flt", "flt2dec"):
            return f"{root}::num::{parts[2]}"
        return f"{root}::{sub}"
    if root == "oidc_implicit" and len(parts) > 1:
        return f"oidc_implicit::{parts[1]}"
    if root.startswith("__aeabi") or root.startswith("__") and root.endswith("f3"):
        return "compiler_builtins"
    return root


def symbols(elf):
    nm = os.environ.get("NM") or shutil.which("llvm-nm") or "nm"
    out = subprocess.run([nm, "--print-size", "--size-sort", "--demangle", "--radix=d", elf],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split(None, 3)
        if len(fields) < 4:
            continue
        _, size, kind, name = fields
        if kind.lower() not in ("t", "r", "d", "b"):
            continue
        yield int(size), kind, demangle(name)


def demangle_all(names):
    tool = shutil.which("llvm-cxxfilt") or shutil.which("c++filt")
    if not tool:
        return names
    out = subprocess.run([tool], input="\n".join(names), capture_output=True, text=True).stdout
    lines = out.splitlines()
    if len(lines) != len(names):
        return names
    return [re.sub(r"::h[0-9a-f]{16}$", "", l) for l in lines]


def stack_frames(elf, top):
    """The largest frames of a binary built with -Z emit-stack-sizes."""
    readobj = os.environ.get("READOBJ") or shutil.which("llvm-readobj")
    if not readobj:
        sys.exit("no llvm-readobj for --stack-frames")
    text = subprocess.run([readobj, "--stack-sizes", elf], capture_output=True, text=True,
                          check=True).stdout
    entries = re.findall(r"Functions: \[(.*?)\]\s*\n\s*Size: (0x[0-9A-Fa-f]+)", text)
    rows = sorted(((int(size, 16), names.split(",")[0].strip()) for names, size in entries),
                  reverse=True)[:top]
    names = demangle_all([n for _, n in rows])
    print("| frame bytes | function |\n|---:|---|")
    for (size, _), name in zip(rows, names):
        print(f"| {size} | `{name[:120]}` |")


def main():
    elf = sys.argv[1]
    if "--stack-frames" in sys.argv:
        stack_frames(elf, int(sys.argv[sys.argv.index("--stack-frames") + 1]))
        return
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 15
    md = "--markdown" in sys.argv
    groups, syms = {}, []
    for size, kind, name in symbols(elf):
        if kind.lower() == "b":
            continue  # RAM, not flash
        g = group_of(name)
        groups[g] = groups.get(g, 0) + size
        syms.append((size, name))
    total = sum(groups.values())
    ranked = sorted(groups.items(), key=lambda kv: -kv[1])
    if md:
        print(f"| crate / module | bytes | share |\n|---|---:|---:|")
        for g, s in ranked[:top]:
            print(f"| `{g}` | {s} | {100 * s / total:.1f}% |")
        rest = sum(s for _, s in ranked[top:])
        print(f"| {len(ranked) - top} others | {rest} | {100 * rest / total:.1f}% |")
        print(f"\nLargest symbols:\n\n| bytes | symbol |\n|---:|---|")
        for s, n in sorted(syms, reverse=True)[:top]:
            print(f"| {s} | `{n[:110]}` |")
    else:
        for g, s in ranked[:top]:
            print(f"{s:8d} {100 * s / total:5.1f}%  {g}")
        print(f"{total:8d} total (symbols with sizes)")
        print()
        for s, n in sorted(syms, reverse=True)[:top]:
            print(f"{s:8d}  {n[:150]}")


if __name__ == "__main__":
    main()
