"""An ocrmypdf plugin (`ocrmypdf --plugin THIS_FILE`): rules and underlines taken out of
the image tesseract reads. The PDF ocrmypdf writes keeps the page as scanned.

Typescripts of the early 1990s underline their headings (`Report of the
Secretary-General`, `Annex`, `Notes`) with a typed rule that touches the letters' feet;
tesseract's layout analysis takes such a line for a drawing and drops it, text and all.
Long thin horizontal runs of ink (typed underlines, the masthead's rules, a footnote's
rule) are whitened before OCR: letters have no horizontal stroke that long, except in a
large display face (the masthead's `S`), which is furniture.

This file runs inside ocrmypdf's own Python (Debian's), not the archive's: it imports
only ocrmypdf and Pillow, which ocrmypdf depends on.
"""

from ocrmypdf import hookimpl
from PIL import Image, ImageChops

# A horizontal run of ink at least this long (at 300 ppi: 8.5 mm, the width of a typed
# five-letter word such as `Annex` or `Notes`) is a rule, not a letter's stroke.
RULE_LENGTH_INCHES = 100 / 300
# A typed underline is wavy: ink within this many rows counts as one line.
RULE_ROWS_INCHES = 3 / 300
# A rule this thick is drawn, not typed: nothing is printed on it.
THICK_RULE_INCHES = 8 / 300
INK = 128  # grey levels below this are ink
STEP = 4


def _spread(image, length: int, dx: int, dy: int, combine):
    """Combine `image` with itself shifted by 1..length-1 steps of (dx, dy), in log2
    steps. ImageChops.darker spreads ink (dilation), lighter keeps ink only where all
    shifted copies have it (erosion)."""
    done = 1
    while done < length:
        step = min(done, length - done)
        image = combine(image, _shifted(image, step * dx, step * dy))
        done += step
    return image


def _shifted(image, dx: int, dy: int):
    """`image` moved by (dx, dy) over white (ImageChops.offset wraps round, and is slow)."""
    moved = Image.new("L", image.size, 255)
    moved.paste(image, (dx, dy))
    return moved


def remove_rules(image: Image.Image, dpi: float = 300) -> Image.Image:
    """The page with long thin horizontal lines whitened; same size and mode."""
    rows = max(1, round(RULE_ROWS_INCHES * dpi))
    thick = max(2, round(THICK_RULE_INCHES * dpi))
    gray = image.convert("L")
    page = gray.point(lambda v: 0 if v < INK else 255)
    wavy = _spread(page, rows, 0, 1, ImageChops.darker)
    # Runs are looked for in blocks of STEP pixels of a row, all ink (a quarter of the
    # work): a run of `length` pixels holds `length / STEP - 1` whole blocks at least.
    small = wavy.reduce((STEP, 1)).point(lambda v: 0 if v == 0 else 255)
    blocks = max(2, round(RULE_LENGTH_INCHES * dpi / STEP) - 1)
    runs = _spread(small, blocks, -1, 0, ImageChops.lighter)  # ink where a run starts
    line = _spread(runs, blocks, 1, 0, ImageChops.darker)  # the whole run
    line = _spread(line, rows, 0, -1, ImageChops.darker)  # over the rows it came from
    # A thick rule (the masthead's) goes with its ragged edges, which OCR reads as a
    # line of specks otherwise.
    bars = _spread(_spread(line, thick, 0, -1, ImageChops.lighter), thick, 0, 1, ImageChops.darker)
    bars = _shifted(_spread(bars, 2 * rows + 1, 0, 1, ImageChops.darker), 0, -rows)
    line = ImageChops.darker(line, bars)
    # the run's ends, inside a block that was not all ink
    line = _shifted(_spread(line, 3, 1, 0, ImageChops.darker), -1, 0)
    width, height = gray.size
    line = line.resize((line.width * STEP, height), Image.NEAREST).crop((0, 0, width, height))
    cleaned = ImageChops.lighter(gray, ImageChops.invert(line))
    if image.mode == "1":  # tesseract takes a bilevel image as it is, without thresholding
        return cleaned.point(lambda v: 255 if v >= INK else 0, "1")
    return cleaned


@hookimpl
def filter_ocr_image(page, image):
    dpi = image.info.get("dpi", (300, 300))[1] or 300
    return remove_rules(image, float(dpi))
