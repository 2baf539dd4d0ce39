"""What can be checked of the Swift bindings without a Swift compiler.

    python check.py syntax FILE.swift...        tree-sitter-swift parse: no ERROR/MISSING node
    python check.py symbols SWIFT HEADER LIB    every FFI symbol the Swift file calls is declared
                                                in the header, every declared function is
                                                exported by the shared library
    python check.py selftest                    proves the syntax check catches a broken file

Exit status 1 on any finding. The C header itself is compiled by bindings/run.sh with gcc.
"""

import re
import subprocess
import sys

# tree-sitter-swift 0.7.4 reports a false ERROR at every
# `@_documentation(visibility: private)` attribute, which uniffi emits; it
# is blanked (same length, so positions stay right) before parsing.
DOC_ATTRIBUTE = re.compile(rb"@_documentation\(visibility:\s*\w+\)")
FFI_SYMBOL = re.compile(r"\b((?:uniffi|ffi)_oidc_implicit_ffi_\w+)")


def syntax_errors(src: bytes):
    import tree_sitter_swift
    from tree_sitter import Language, Parser

    parser = Parser(Language(tree_sitter_swift.language()))
    src = DOC_ATTRIBUTE.sub(lambda m: b" " * len(m.group(0)), src)
    errors, stack = [], [parser.parse(src).root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            errors.append(node)
        elif node.has_error:
            stack.extend(node.children)
    return errors


def check_syntax(paths):
    bad = 0
    for path in paths:
        errors = syntax_errors(open(path, "rb").read())
        for node in errors[:20]:
            print(f"{path}:{node.start_point[0] + 1}:{node.start_point[1] + 1}: syntax error")
        print(f"{path}: {len(errors)} syntax error(s)")
        bad += bool(errors)
    return bad == 0


def check_symbols(swift, header, lib):
    used = set(FFI_SYMBOL.findall(open(swift, encoding="utf-8").read()))
    header_text = open(header, encoding="utf-8").read()
    declared = set(re.findall(r"\b((?:uniffi|ffi)_oidc_implicit_ffi_\w+)\s*\(", header_text))
    nm = subprocess.run(["nm", "-D", "--defined-only", lib], check=True, capture_output=True, text=True)
    exported = {line.split()[-1] for line in nm.stdout.splitlines() if line.strip()}
    undeclared = sorted(used - declared)
    missing = sorted(declared - exported)
    for name in undeclared:
        print(f"{swift}: calls {name}, which {header} does not declare")
    for name in missing:
        print(f"{header}: declares {name}, which {lib} does not export")
    print(f"symbols: {len(used)} used by Swift, {len(declared)} declared, all exported: {not missing}")
    return bool(used) and bool(declared) and not undeclared and not missing


def selftest():
    good = b"public func sha(data: Data) -> Int { return 1 }\n"
    broken = b"public func sha((data: Data) -> Int { return 1 }\n"
    ok = not syntax_errors(good) and bool(syntax_errors(broken))
    print(f"selftest: a broken file is {'caught' if ok else 'NOT caught'}")
    return ok


def main(argv):
    if len(argv) >= 2 and argv[0] == "syntax":
        return check_syntax(argv[1:])
    if len(argv) == 4 and argv[0] == "symbols":
        return check_symbols(*argv[1:])
    if argv == ["selftest"]:
        return selftest()
    print(__doc__)
    return False


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
