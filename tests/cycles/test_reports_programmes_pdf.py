"""A programme's progress report (its groups added up, certified supply, the logical framework, queries that do
not grow with the groups), the PDF's text and numbered pages, and the charts."""

from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from cycles.models import LogframeIndicator, LogframeLevel, LogframeRow, LogframeTarget, ProductionRecord, Service
from cycles.reports.charts import report_charts
from cycles.reports.pdf import page_footer, render_pdf
from cycles.reports.progress import Ratio, progress_report
from producers.models import Programme
from producers.models.organisations import OrganisationKind
from standards.models import Certificate, CertificateStatus

from ..factories import MemberFactory, OrganisationFactory, ProducerGroupFactory, ProgrammeFactory
from .reports_fixtures import END, START, _report, pdf_text, report_history

# --- A programme -------------------------------------------------------------------------------------------------


def test_programme_report_adds_up_its_groups_and_keeps_currencies_apart(scope):
    report_history(scope)
    second = ProducerGroupFactory.create(organisation__name="Second Cooperative", organisation__country="ZA")
    report_history(scope, second, inspected=1)
    programme = scope.group.programmes.get()
    programme.groups.add(second)
    report = progress_report(programme=programme, period_start=START, period_end=END)
    assert report.key.groups == 2
    assert report.key.members == 8
    assert report.key.coverage == Ratio(4, 8)
    assert {(f.currency, f.per_member) for f in report.key.income} == {("KES", Decimal(2000)), ("ZAR", Decimal(2000))}
    assert [(g.group.name, g.coverage) for g in report.ics.groups] == [
        ("Inside Cooperative", Ratio(3, 4)),
        ("Second Cooperative", Ratio(1, 4)),
    ]
    assert report.logframe == []


def test_certified_share_counts_only_the_sales_of_groups_that_held_a_certificate(scope):
    report_history(scope)  # certified from June 2024: 50 kg sold as certified of 200 kg harvested
    second = ProducerGroupFactory.create(organisation__name="Uncertified Cooperative", organisation__country="KE")
    member = MemberFactory.create(group=second)
    ProductionRecord.objects.create(
        member=member,
        season="2025",
        estimated_kg=Decimal(500),
        harvested_kg=Decimal(400),
        sold_certified_kg=Decimal(400),  # sold "as certified" without a certificate
        sold_conventional_kg=Decimal(0),
        price_per_kg=Decimal(10),
        income=Decimal(4000),
    )
    programme = scope.group.programmes.get()
    programme.groups.add(second)
    report = progress_report(programme=programme, period_start=START, period_end=END)
    [season] = report.production.seasons
    assert (season.harvested, season.sold_certified) == (Decimal(600), Decimal(450))
    assert season.certified_share == Ratio(50, 200)


def test_a_suspended_certificate_gives_no_certified_supply(scope):
    report_history(scope)  # certified from June 2024: 50 kg sold as certified of 200 kg harvested
    Certificate.objects.filter(group=scope.group).update(status=CertificateStatus.SUSPENDED)
    report = progress_report(group=scope.group, period_start=START, period_end=END)
    [season] = report.production.seasons
    assert (season.harvested, season.certified_supply) == (Decimal(200), Decimal(0))
    assert season.certified_share is None
    assert report.key.certified_groups == Ratio(0, 1)


def test_programme_report_shows_the_logical_framework(scope):
    programme = scope.group.programmes.get()
    row = LogframeRow.objects.create(programme=programme, level=LogframeLevel.PURPOSE, statement="Groups improve")
    indicator = LogframeIndicator.objects.create(row=row, name="Groups certified", baseline=Decimal(0))
    LogframeTarget.objects.create(indicator=indicator, period="2025", value=Decimal(1))
    report = progress_report(programme=programme, period_start=START, period_end=END)
    assert report.logframe is not None
    [view] = report.logframe
    assert view.row.statement == "Groups improve"
    assert [cell.target for cell in view.indicators[0].cells if cell.period == "2025"] == [Decimal(1)]


def _programme_of(groups: int, scope) -> Programme:
    programme = ProgrammeFactory.create(funder=OrganisationFactory.create(kind=OrganisationKind.DONOR))
    for _ in range(groups):
        group = ProducerGroupFactory.create()
        report_history(scope, group)
        programme.groups.add(group)
    return programme


def test_queries_do_not_grow_with_the_number_of_groups(scope):
    small = _programme_of(2, scope)
    large = _programme_of(6, scope)

    def count(programme: Programme) -> int:
        with CaptureQueriesContext(connection) as queries:
            report = progress_report(programme=programme, period_start=START, period_end=END)
        assert len(report.groups) in (2, 6)
        return len(queries)

    assert count(small) == count(large)
    assert count(large) <= 25


# --- The PDF -----------------------------------------------------------------------------------------------------


def test_page_footer_puts_the_counters_in_the_translated_sentence():
    assert page_footer() == '"Page " counter(page) " of " counter(pages)'


def test_pdf_shows_the_hand_counted_figures_and_numbered_pages(history):
    rendered = render_pdf(_report(history))
    pages = pdf_text(rendered.content)
    assert rendered.pages == len(pages) >= 5
    text = "\n".join(pages)
    assert "GROUP PROGRESS REPORT" in pages[0]  # set in capitals by the print style
    assert "Inside Cooperative" in pages[0]
    assert "1 January 2025 – 31 December 2025" in pages[0]
    assert "3 of 4 members inspected" in text
    assert "75%" in text
    assert "KES\N{NO-BREAK SPACE}2,000" in text
    assert "67%" in text  # the compliance score of TS in 2025
    assert "Keeping the farm diary" in text
    assert "ICS coaching" in text
    # Every page but the cover carries its number.
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in page
    assert "Page 1 of" not in pages[0]


def test_programme_pdf_has_its_sections_and_an_empty_state_for_services(scope):
    Service.objects.all().delete()
    programme = scope.group.programmes.get()
    rendered = render_pdf(progress_report(programme=programme, period_start=START, period_end=END))
    text = "\n".join(pdf_text(rendered.content))
    assert "PROGRAMME PROGRESS REPORT" in text
    assert "The logical framework" in text
    assert "No support service to these groups is recorded for this period yet." in text
    assert "The groups in this report" in text


def test_charts_are_pygal_svg_without_scripts(history):
    charts = report_charts(_report(history))
    for svg in (charts.phases, charts.compliance, charts.coverage, charts.nonconformities, charts.volumes):
        assert svg is not None
        assert svg.startswith("<svg")
        assert "<script" not in svg
    assert set(charts.income) == {"KES"}


def test_the_harvest_chart_names_only_the_parts_it_shows(scope):
    history = report_history(scope)  # 200 kg harvested: 50 sold as certified, the rest conventional or not sold
    records = ProductionRecord.objects.filter(member__group=scope.group)
    # Sold all but half a kilo each: too little to see on the chart, so "Not sold" must not be in its legend.
    records.update(sold_conventional_kg=F("harvested_kg") - F("sold_certified_kg") - Decimal("0.5"))
    volumes = report_charts(_report(history)).volumes
    assert volumes is not None
    assert "Sold conventional" in volumes
    assert "Not sold" not in volumes
    records.update(sold_conventional_kg=Decimal(0))
    assert "Not sold" in str(report_charts(_report(history)).volumes)


def test_the_pdf_keeps_the_phase_table_on_one_page_and_money_with_its_currency(scope):
    programme = _programme_of(6, scope)
    pages = pdf_text(render_pdf(progress_report(programme=programme, period_start=START, period_end=END)).content)
    [page] = [text for text in pages if "The columns 1 to 5 give the month" in text]
    names = [group.organisation.name for group in programme.groups.select_related("organisation")]
    assert all(name in " ".join(page.split()) for name in names)
    text = "\n".join(pages)
    assert "KES\N{NO-BREAK SPACE}2,000" in text  # never "KES" at a line's end and the number on the next
    assert "quality management for producer groups" in pages[0]  # the cover's band says whose report it is
