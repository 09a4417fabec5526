"""OCR for PDFs without a text layer: ocrmypdf and tesseract, Debian's packages.

ocrmypdf runs as a child process with a time limit, a memory limit and a low priority,
in a temporary folder of its own. It writes the same PDF with an invisible text layer,
which the ordinary PDF reader (ingest.parsers.pdf) then reads by position like any other
PDF. Tesseract is asked, through a config file, to write its TSV output (every word with
its box and its confidence) beside the text layer it makes anyway: one OCR pass gives
both the text and the confidence per page, where a second tesseract run for the
confidences would double the cost. ocrmypdf keeps its work folder (`-k`), inside ours,
so the TSV files can be read; our folder goes when we are done.

Our folder is made in the temporary directory, which in the bounded reading process
(ingest/sandbox.py) is a folder of its own that the asking process removes when it kills
the reader. ocrmypdf runs in a process group of its own (so that its time limit stops
tesseract too), which would outlive a killed reader: its id is written in our folder
(GROUP_FILE) while it runs, for the one who removes the folder to stop it first.

OCR is slow (seconds per page), so it runs where ingest runs in the background (the
`ingest` command, the upload jobs' worker), never inside a web request.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ingest.parsers.ocr_layer import OcrPage, OcrWord, parse_tsv
from ingest.parsers.ocr_words import dictionary_from
from ingest.parsers.types import ParseError
from ingest.priority import give_way

log = logging.getLogger(__name__)

INSTALL = "apt-get install ocrmypdf tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
# Debian package of each tesseract language.
LANGUAGE_PACKAGES = {"eng": "tesseract-ocr-eng", "chi_sim": "tesseract-ocr-chi-sim"}
# Tesseract's script detection (OSD) -> the languages worth loading for that script.
SCRIPT_LANGUAGES = {"Latin": ["eng"], "Han": ["chi_sim", "eng"]}
TSV_CONFIG = "tessedit_create_tsv 1\n"
# Rules and underlines taken out of the image tesseract reads (see the file).
PLUGIN = Path(__file__).with_name("ocrmypdf_plugin.py")
OCR_FOLDER_PREFIX = "archive-ocr-"
# The first page's script check (ghostscript, then tesseract), each at most this long.
LANGUAGE_CHECK_SECONDS = 60
# In an OCR folder, while ocrmypdf or the script check runs: the id of its process group.
GROUP_FILE = "ocrmypdf.pgid"

# ocrmypdf's exit codes (ocrmypdf.exceptions.ExitCode) that a person can act on.
EXIT_REASONS = {
    2: "ocrmypdf refused the file (bad input)",
    4: "ocrmypdf could not write a valid PDF",
    6: "the PDF already has text on its pages",
    8: "the PDF is encrypted (password protected); upload an unprotected copy",
}


ROTATE = ("--rotate-pages",)


class OcrUnavailable(ParseError):
    """The OCR tools are not installed on this machine."""


@dataclass
class OcrResult:
    """The PDF with a text layer, what tesseract read on each page, and how long it took."""

    pdf: bytes
    pages: list[OcrPage]
    languages: str
    seconds: float

    def confidences(self, page_count: int) -> list[float | None]:
        """One entry per page of the PDF; None for a page OCR did not read or found
        no words on."""
        by_number = {page.number: page.confidence for page in self.pages}
        return [by_number.get(number) for number in range(1, page_count + 1)]


def missing_packages(languages: list[str] | None = None) -> list[str]:
    """Debian packages to install before OCR can run (empty when everything is there)."""
    missing = []
    if not shutil.which("ocrmypdf"):
        missing.append("ocrmypdf")
    if not shutil.which("tesseract"):
        return [*missing, "tesseract-ocr", *LANGUAGE_PACKAGES.values()]
    installed = _installed_languages()
    for language in languages or configured_languages():
        if language not in installed:
            missing.append(LANGUAGE_PACKAGES.get(language, f"tesseract-ocr-{language}"))
    return missing


def configured_languages() -> list[str]:
    return [part for part in settings.OCR_LANGUAGES.split("+") if part]


def check_available() -> None:
    """Raise OcrUnavailable, saying what to install, if OCR cannot run here."""
    missing = missing_packages()
    if missing:
        raise OcrUnavailable(
            "the PDF has no text layer (a scan) and the OCR tools are not installed "
            f"(missing: {', '.join(missing)}); install them with: {INSTALL}"
        )


def ocr_pdf(
    data: bytes,
    *,
    force: bool = False,
    page_count: int | None = None,
    script: str = "",
) -> OcrResult:
    """Run OCR on a PDF. `force` rasterizes pages that carry text (fonts without a
    Unicode map, a poor OCR layer); otherwise pages with text are kept as they are.
    `script` (`Latin`, `Han`), when known, chooses the languages instead of tesseract's
    script detection. Raises ParseError (OcrUnavailable when the tools are missing)
    with a reason for a person."""
    check_available()
    limit = settings.OCR_MAX_PAGES
    if page_count is not None and page_count > limit:
        what = "has a poor OCR layer" if force else "has no text layer"
        raise ParseError(
            f"the PDF {what} and {page_count} pages; OCR reads at most {limit} "
            "pages per document (OCR_MAX_PAGES)"
        )
    cached = _cache_path(data, force, script)
    if cached is not None and (result := _load(cached)) is not None:
        return result
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=OCR_FOLDER_PREFIX) as folder:
        work = Path(folder)
        (work / "in.pdf").write_bytes(data)
        (work / "tsv.cfg").write_text(TSV_CONFIG)
        (work / "tmp").mkdir()
        if script:
            languages = script_languages(script, configured_languages())
        else:
            languages = _languages_for(work / "in.pdf", work)
        _run_ocrmypdf(work, languages, force=force)
        pages = _read_pages(work / "tmp")
        pdf = (work / "out.pdf").read_bytes()
    result = OcrResult(pdf, pages, "+".join(languages), time.monotonic() - start)
    if cached is not None:
        _store(cached, result)
    return result


# --- OCR_CACHE_DIR: what OCR read, kept by the file's content --------------------------
# OCR takes minutes where the rest of reading takes a second; with the cache, a scan read
# again (a new parser version, the fidelity report, the test suite's two database runs)
# is not read by OCR twice. Keyed by the bytes, the options and the tools' versions.


def _cache_path(data: bytes, force: bool, script: str) -> Path | None:
    folder = settings.OCR_CACHE_DIR
    if not folder:
        return None
    key = hashlib.sha256(data)
    key.update(f"|{force}|{script}|{settings.OCR_LANGUAGES}|{_versions()}|{ROTATE}".encode())
    key.update(_plugin_digest())  # what OCR reads changes with what the plugin does
    return Path(folder) / key.hexdigest()


@functools.cache
def _versions() -> str:
    found = []
    for tool in ("ocrmypdf", "tesseract"):
        try:
            done = subprocess.run([tool, "--version"], capture_output=True, timeout=30)
        except (subprocess.SubprocessError, OSError):
            return ""
        found.append(done.stdout.decode("utf-8", "replace").split("\n")[0].strip())
    return " ".join(found)


@functools.cache
def _plugin_digest() -> bytes:
    return hashlib.sha256(PLUGIN.read_bytes()).digest()


def _store(path: Path, result: OcrResult) -> None:
    pages = [
        {
            "number": page.number,
            "width": page.width,
            "height": page.height,
            "words": [dataclasses.astuple(word) for word in page.words],
        }
        for page in result.pages
    ]
    meta = {"languages": result.languages, "seconds": result.seconds, "pages": pages}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".pdf", result.pdf), (".json", json.dumps(meta).encode())):
            # written beside and renamed: a reader never sees half a file
            partial = path.with_suffix(f"{suffix}.{os.getpid()}.part")
            partial.write_bytes(content)
            os.replace(partial, path.with_suffix(suffix))
    except OSError as exc:
        log.warning("OCR cache not written (%s)", exc)


def _load(path: Path) -> OcrResult | None:
    try:
        meta = json.loads(path.with_suffix(".json").read_bytes())
        pdf = path.with_suffix(".pdf").read_bytes()
        pages = [
            OcrPage(
                page["number"],
                page["width"],
                page["height"],
                [OcrWord(*word[:6], tuple(word[6])) for word in page["words"]],
            )
            for page in meta["pages"]
        ]
        return OcrResult(pdf, pages, meta["languages"], meta["seconds"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _run_ocrmypdf(work: Path, languages: list[str], *, force: bool) -> None:
    command = [
        "ocrmypdf",
        "--quiet",
        "--keep-temporary-files",  # in work/tmp: the TSV files are read from there
        "--output-type",
        "pdf",  # no PDF/A conversion: the text layer is all we need
        "--optimize",
        "0",
        "--jobs",
        str(settings.OCR_JOBS),
        "--language",
        "+".join(languages),
        "--tesseract-config",
        str(work / "tsv.cfg"),
        "--tesseract-timeout",
        str(settings.OCR_TIMEOUT),
        "--plugin",
        str(PLUGIN),
        # A landscape page (an annex's table printed across) is scanned on its side:
        # tesseract's orientation check turns it upright, else it reads letters sideways.
        *ROTATE,
        "--force-ocr" if force else "--skip-text",
        str(work / "in.pdf"),
        str(work / "out.pdf"),
    ]
    env = {
        **os.environ,
        "TMPDIR": str(work / "tmp"),
        # One thread per tesseract: the machine's cores belong to the web server too.
        "OMP_THREAD_LIMIT": "1",
    }
    stderr = _run_bounded(command, env, timeout=settings.OCR_TIMEOUT, group_file=work / GROUP_FILE)
    if not (work / "out.pdf").exists():
        raise ParseError(f"OCR failed and gave no PDF ({stderr[-200:].strip() or 'no message'})")


def _run_bounded(
    command: list[str], env: dict, *, timeout: float, group_file: Path | None = None
) -> str:
    """Run a child in its own process group; kill the whole group at the time limit. The
    group's id is in `group_file` while the child runs."""
    memory = settings.OCR_MEMORY_MB * 1024 * 1024

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # inside a bounded parser process: stay within it
        memory = min(memory, hard)

    def limits():  # in the child, before exec
        give_way()
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        preexec_fn=limits,
    )
    try:
        if group_file is not None:
            group_file.write_text(str(process.pid))
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ParseError(
            f"OCR took longer than {timeout:.0f} s (OCR_TIMEOUT) and was stopped"
        ) from None
    finally:
        if group_file is not None:
            group_file.unlink(missing_ok=True)  # the id may be another group's one day
    text = stderr.decode("utf-8", "replace")
    if process.returncode != 0:
        reason = EXIT_REASONS.get(process.returncode)
        if reason is None:
            last = text.strip().splitlines()[-1:] or ["no message"]
            reason = f"OCR failed (ocrmypdf exit {process.returncode}: {last[0][:160]})"
        raise ParseError(reason)
    return text


def _languages_for(pdf: Path, work: Path) -> list[str]:
    """The configured languages, narrowed by the script tesseract sees on page 1: loading
    chi_sim beside eng makes every page about twice as slow, for nothing on a Latin page."""
    languages = configured_languages()
    if len(languages) < 2 or not shutil.which("gs"):
        return languages
    image = work / "page1.png"
    render = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r150"]
    render += ["-dFirstPage=1", "-dLastPage=1", f"-sOutputFile={image}", str(pdf)]
    # Bounded as OCR is: own process group, recorded in `work` (so that a killed reader's
    # sweep stops it), killed at its time limit.
    group = work / GROUP_FILE
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        _run_bounded(render, env, timeout=LANGUAGE_CHECK_SECONDS, group_file=group)
        osd = work / "page1"  # tesseract adds .osd
        command = ["tesseract", str(image), str(osd), "--psm", "0"]
        _run_bounded(command, env, timeout=LANGUAGE_CHECK_SECONDS, group_file=group)
        report = osd.with_suffix(".osd").read_text(encoding="utf-8", errors="replace")
    except (ParseError, OSError):
        return languages
    return languages_for_script(report, languages)


def languages_for_script(osd_output: str, languages: list[str]) -> list[str]:
    """From tesseract's `--psm 0` report, the configured languages for the script seen
    (all of them when the script is unknown or not confidently seen)."""
    script = re.search(r"^Script:\s*(\w+)", osd_output, re.M)
    confidence = re.search(r"^Script confidence:\s*([\d.]+)", osd_output, re.M)
    if not script or not confidence or float(confidence.group(1)) < 2:
        return languages
    return script_languages(script.group(1), languages)


def script_languages(script: str, languages: list[str]) -> list[str]:
    """The configured languages worth loading for a script (all when none fits)."""
    wanted = [lang for lang in SCRIPT_LANGUAGES.get(script, []) if lang in languages]
    return wanted or languages


def _read_pages(tmp: Path) -> list[OcrPage]:
    """The TSV tesseract wrote for each page it read (pages kept as text have none)."""
    pages = []
    for path in sorted(tmp.glob("*/*_ocr_tess.tsv")):
        number = int(path.name.split("_", 1)[0])
        pages.append(parse_tsv(path.read_text(encoding="utf-8", errors="replace"), number))
    return pages


def _installed_languages() -> set[str]:
    lines = _list_langs().splitlines()
    return {line.strip() for line in lines[1:] if line.strip()}


def _list_langs() -> str:
    """Tesseract's `--list-langs`: where its traineddata is, then one language a line."""
    try:
        result = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (subprocess.SubprocessError, OSError):
        return ""
    return result.stdout.decode("utf-8", "replace")


# --- Tesseract's dictionary: the words OCR text is checked against ---------------------
# Languages written with spaces between words; a Chinese text is not split into words.
DICTIONARY_LANGUAGES = ("eng",)
DICTIONARY_SECONDS = 60


@functools.cache
def dictionaries(languages: str) -> frozenset[str]:
    """The dictionary words of every language of `languages` (`chi_sim+eng`)."""
    return frozenset().union(*(dictionary(language) for language in languages.split("+")))


@functools.cache
def dictionary(language: str) -> frozenset[str]:
    """The words of tesseract's own dictionary for `language`, in lower case (empty where
    the tools cannot give it): taken out of the installed traineddata with the tools of
    Debian's tesseract-ocr package, so no other word list is needed."""
    if language not in DICTIONARY_LANGUAGES:
        return frozenset()
    folder = _tessdata_folder()
    traineddata = folder / f"{language}.traineddata" if folder else None
    tools = shutil.which("combine_tessdata") and shutil.which("dawg2wordlist")
    if traineddata is None or not traineddata.is_file() or not tools:
        return frozenset()
    with tempfile.TemporaryDirectory(prefix=OCR_FOLDER_PREFIX) as work:
        parts = [f"{language}.lstm-unicharset", f"{language}.lstm-word-dawg"]
        words = Path(work) / "words.txt"
        extract = ["combine_tessdata", "-e", str(traineddata), *parts]
        listing = ["dawg2wordlist", *parts, str(words)]
        try:
            for command in (extract, listing):
                subprocess.run(
                    command, cwd=work, capture_output=True, timeout=DICTIONARY_SECONDS, check=True
                )
            text = words.read_text(encoding="utf-8", errors="replace")
        except (subprocess.SubprocessError, OSError) as exc:
            log.warning("tesseract's %s dictionary could not be read: %s", language, exc)
            return frozenset()
    return dictionary_from(text.split())


def _tessdata_folder() -> Path | None:
    """Where tesseract reads its traineddata, as it says (`--list-langs`)."""
    found = re.search(r'"([^"]+)"', _list_langs().split("\n", 1)[0])
    return Path(found.group(1)) if found else None
