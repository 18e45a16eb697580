#!/usr/bin/env python3
"""`make lint-cpp`: clang-format and clang-tidy over learnloop's C++, clean or a failing exit code.

1. clang-format --dry-run -Werror over every tracked C++ file (core, native, wasm/src, tests, bench).
2. clang-tidy (the checks in .clang-tidy) over core/ and native/ with the native-debug compile database
   (build/lint-config/compile_commands.json: native-debug without the unity build, configured on every run),
   and over wasm/src with the same flags aimed at wasm32-emscripten and Emscripten's sysroot (no wasm build needed), JOBS files at a time.

clang-tidy costs 10-20 s of CPU per file (nlohmann/json and Eigen make every AST large), so a file that
passed is remembered in build/lint-cache/ under a hash of everything its result depends on: clang-tidy's
version, .clang-tidy, the compile command, and the bytes of the file and of every project header it
includes (from the preprocessor's dependency list). Only files whose hash changed run again. It never
edits a file; it only reads the tree and writes the cache folder ($LEARNLOOP_LINT_CACHE or build/lint-cache/).
"""
import concurrent.futures
import hashlib
import json
import resource
import os
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The native-debug configuration without the unity build, so the database lists every source file (a unity
# build lists its batches instead); only configured, never built.
BUILD = os.path.join(ROOT, "build", "lint-config")
# LEARNLOOP_LINT_CACHE may point outside the clone (e.g. a CI cache folder): the keys are content hashes, so
# clones and branches can share it safely.
CACHE = os.environ.get("LEARNLOOP_LINT_CACHE") or os.path.join(ROOT, "build", "lint-cache")
SYSROOT = "/usr/share/emscripten/cache/sysroot"
TIDY_DIRS = ("core/", "native/")
FORMAT_DIRS = ("core", "native", "wasm/src", "tests/cpp", "bench")


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def check_format():
    files = run(["git", "ls-files", "--", *[f"{d}/*.cpp" for d in FORMAT_DIRS], *[f"{d}/*.hpp" for d in FORMAT_DIRS]])
    names = [f for f in files.stdout.split() if f]
    r = run(["clang-format", "--dry-run", "-Werror", *names])
    if r.returncode != 0:
        print(r.stdout, end="")
        print(f"lint-cpp: clang-format: files differ from .clang-format (fix with: clang-format -i FILE)")
        return False
    print(f"lint-cpp: clang-format: {len(names)} files clean")
    return True


def native_commands():
    db = os.path.join(BUILD, "compile_commands.json")
    # Configured on every run (a few seconds once configured): the sources are globbed at configure time, so a
    # database from an earlier configure would leave out files added since, and they would go unlinted.
    r = run(["cmake", "--preset", "native-debug", "-B", BUILD, "-DLEARNLOOP_UNITY_BUILD=OFF"])
    if r.returncode != 0:
        sys.exit(r.stdout + "lint-cpp: cannot configure build/lint-config for its compile database")
    # clang would pick up GCC's precompiled header (cmake_pch.hxx.gch) beside the forced include and refuse it,
    # so clang-tidy reads a copy of the database without the precompiled-header flags.
    lint_db = os.path.join(ROOT, "build", "lint-db")
    os.makedirs(lint_db, exist_ok=True)
    entries, out = [], []
    for entry in json.load(open(db)):
        rel = os.path.relpath(entry["file"], ROOT)
        if rel.startswith(TIDY_DIRS):
            args = without_pch(entry.get("arguments") or shlex.split(entry["command"]))
            entries.append({"directory": entry["directory"], "file": entry["file"], "arguments": args})
            out.append((rel, entry["directory"], args, ["-p", lint_db]))
    with open(os.path.join(lint_db, "compile_commands.json"), "w") as f:
        json.dump(entries, f)
    return out


def without_pch(args):
    """A compile command without CMake's precompiled-header flags (-include .../cmake_pch.hxx, -Winvalid-pch)."""
    out, i = [], 0
    while i < len(args):
        if args[i] == "-include" and i + 1 < len(args) and "cmake_pch" in args[i + 1]:
            i += 2
            continue
        if args[i] != "-Winvalid-pch":
            out.append(args[i])
        i += 1
    return out


def wasm_commands():
    # The bindings include <emscripten/*.h>: clang-tidy parses them for wasm32 against Emscripten's sysroot
    # (its compat headers such as xlocale.h first, as em++ adds them, then libc++ and libc), with the core's includes and the build-local third-party folder (no /usr/include).
    flags = ["-std=c++17", "--target=wasm32-unknown-emscripten", f"--sysroot={SYSROOT}",
             "-isystem", f"{SYSROOT}/include/compat", "-isystem", f"{SYSROOT}/include/c++/v1",
             "-isystem", f"{SYSROOT}/include",
             "-I", os.path.join(ROOT, "core/include"), "-isystem", os.path.join(BUILD, "third_party_include"),
             "-isystem", "/usr/include/eigen3", "-DEIGEN_DONT_VECTORIZE", "-D__EMSCRIPTEN__", "-fexceptions"]
    if not os.path.isdir(SYSROOT):
        print("lint-cpp: no Emscripten sysroot; wasm/src is not checked by clang-tidy")
        return []
    files = run(["git", "ls-files", "--", "wasm/src/*.cpp"]).stdout.split()
    return [(f, ROOT, ["clang++", *flags, "-c", f], ["--", *flags]) for f in files]


def dependencies(directory, args, rel):
    """The project files the translation unit reads (its own file and the headers under ROOT)."""
    cmd = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a.startswith("-fsanitize"):
            continue
        cmd.append(a)
    if cmd and cmd[0].endswith("em++"):
        cmd[0] = "clang++"
    r = subprocess.run([*cmd, "-M", "-MG"], cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    deps = set()
    for word in r.stdout.replace("\\\n", " ").split()[1:]:
        path = os.path.normpath(os.path.join(directory, word))
        if path.startswith(ROOT + os.sep):
            deps.add(path)
    deps.add(os.path.join(ROOT, rel))
    return sorted(deps)


def cache_key(version, config, rel, directory, args):
    h = hashlib.sha256()
    h.update(version.encode())
    h.update(config)
    h.update(json.dumps(args).encode())
    for path in dependencies(directory, args, rel):
        h.update(path.encode())
        try:
            with open(path, "rb") as f:
                h.update(f.read())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()


def tidy_one(item, version, config):
    rel, directory, args, tidy_args = item
    key = cache_key(version, config, rel, directory, args)
    stamp = os.path.join(CACHE, key)
    if os.path.exists(stamp):
        return rel, True, "", True
    r = run(["clang-tidy", "--quiet", *tidy_args[:2], rel, *tidy_args[2:]] if tidy_args[0] == "-p"
            else ["clang-tidy", "--quiet", rel, *tidy_args])
    ok = r.returncode == 0
    if ok:
        open(stamp, "w").close()
    lines = [l for l in r.stdout.splitlines() if "warnings generated" not in l and not l.startswith("Suppressed ")
             and "Use -header-filter" not in l and "treated as error" not in l]
    return rel, ok, "\n".join(lines), False


def check_tidy(jobs):
    os.makedirs(CACHE, exist_ok=True)
    version = run(["clang-tidy", "--version"]).stdout
    config = open(os.path.join(ROOT, ".clang-tidy"), "rb").read()
    items = native_commands() + wasm_commands()
    failed, cached = [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for rel, ok, text, hit in pool.map(lambda i: tidy_one(i, version, config), items):
            cached += hit
            if not ok:
                failed.append(rel)
                print(text)
    print(f"lint-cpp: clang-tidy: {len(items)} files, {cached} unchanged since a clean run, {len(failed)} with findings")
    return not failed


def main():
    sys.stdout.reconfigure(line_buffering=True)
    jobs = int(os.environ.get("JOBS") or os.cpu_count() or 2)
    start = time.time()
    ok = check_format()
    ok = check_tidy(jobs) and ok
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"lint-cpp: {'clean' if ok else 'FAILED'} in {time.time() - start:.0f} s "
          f"({cpu.ru_utime + cpu.ru_stime:.0f} s of CPU in clang-format, clang-tidy and the compilers)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
