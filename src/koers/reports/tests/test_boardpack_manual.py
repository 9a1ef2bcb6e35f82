"""The new board pack pages for the user guide: the Vooruitblik page of the PDF and the PowerPoint slides of
Vooruitblik, Leerlingstromen and Geld, rendered as PNG (the slides through LibreOffice as PDF, then pdftoppm),
for the SPOW demo plan. Written to the untracked image folder; ``make handleiding`` copies them."""

import io
import os
import shutil
import subprocess

import pytest
from pptx import Presentation

from koers.accounts.audience import for_readers
from koers.core.periods import Tertiaal
from koers.reports import render, slides
from koers.reports.tests.test_boardpack import _forecast_slides, page_text
from koers.reports.tests.test_documents import IMG_DIR

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _spow_payload():
    from koers.demo import setup
    from koers.plans.models import YearPlan
    from koers.reports import content

    setup.load()
    year_plan = YearPlan.unscoped.filter(swv__code="PO2806", school_year=2024).order_by("pk").first()
    return content.tertiaal_payload(year_plan, Tertiaal(2024, 3), for_readers(year_plan.swv))


def _png(pdf: bytes, page: int, target, resolution=70):
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile", "-",
                    str(IMG_DIR / target)], input=pdf, check=True)  # fmt: skip
    path = IMG_DIR / f"{target}.png"
    assert path.stat().st_size > 10_000, target
    return path


def test_the_vooruitblik_page_of_the_pdf_for_the_manual():
    payload = _spow_payload()
    pdf = render.render_pdf(payload)
    pages = int(next(line for line in subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
                     .stdout.decode().splitlines() if line.startswith("Pages:")).split()[1])  # fmt: skip
    found = [n for n in range(1, pages + 1) if "Vooruitblik Wat de trend" in page_text(pdf, n)]
    assert found, "geen pagina met de Vooruitblik"
    _png(pdf, found[0], "boardpack-vooruitblik")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is nodig om een dia als afbeelding te tekenen")
def test_the_new_slides_as_images_for_the_manual(tmp_path):
    payload = _spow_payload()
    data = slides.tertiaal_pptx(payload)
    presentation = Presentation(io.BytesIO(data))
    titles = [slide.shapes[1].text_frame.text for slide in presentation.slides]
    first = 2 + len(payload["sections"])
    forecast = _forecast_slides(payload)
    assert forecast and titles[first] == "Vooruitblik"
    wanted = {"boardpack-dia-vooruitblik": first, "boardpack-dia-leerlingstromen": first + forecast}
    assert titles[first + forecast] == "Leerlingstromen"
    if payload.get("money"):
        wanted["boardpack-dia-geld"] = first + forecast + 1
        assert titles[first + forecast + 1].startswith("Geld")
    if "Verwachte afdrachten" in titles:  # after Geld (reports.slides_money_forecast, ADR 0038)
        wanted["boardpack-dia-afdrachten"] = titles.index("Verwachte afdrachten")
    source = tmp_path / "board.pptx"
    source.write_bytes(data)
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice's profile in the test's own folder
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, env=env,
                   timeout=240)  # fmt: skip
    pdf = (tmp_path / "board.pdf").read_bytes()
    for target, index in wanted.items():
        text = page_text(pdf, index + 1)
        assert titles[index] in text, (target, text[:200])
        _png(pdf, index + 1, target, resolution=60)
