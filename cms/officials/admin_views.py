"""Officials' pages in the Wagtail admin: dashboards, the export-data upload and its report,
the district readiness report, the bottleneck tracker and who registered for an event.

Every view looks its object up through `selectors.accessible_*` for the signed-in user, so
another district's dashboard, upload page or report is a 404, never a 403 that confirms it.
"""

import csv
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.officials import dashboards, selectors, services
from cms.officials.forms import BottleneckStatusForm, ExportStatsUploadForm
from cms.officials.models import ActionPlanPage, Bottleneck
from core.money import format_figure
from regions import imports as regions_imports
from regions import services as regions_services


def _crumbs(*items):
    base = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("officials_admin:index"), "label": _("Export dashboards")},
    ]
    return base + [{"url": url, "label": label} for url, label in items]


class OfficialsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "site"

    def district(self):
        return get_object_or_404(
            selectors.accessible_districts(self.request.user), pk=self.kwargs["district_id"]
        )


class IndexView(OfficialsView):
    page_title = gettext_lazy("Export dashboards")
    template_name = "officials/admin/index.html"

    def get_breadcrumbs_items(self):
        return [*_crumbs()[:-1], {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        districts = selectors.accessible_districts(user).order_by("state__name", "name")
        query = self.request.GET.get("q", "").strip()
        if query:
            districts = districts.filter(name__icontains=query)
        page = Paginator(districts, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            districts=page,
            query=query,
            states=selectors.accessible_states(user),
            sees_all=selectors.sees_all_districts(user),
            imports=selectors.imports_for(user)[:10],
            **kwargs,
        )


class DistrictDashboardView(OfficialsView):
    template_name = "officials/admin/dashboard.html"

    def get_context_data(self, **kwargs):
        district = self.district()
        self.page_title = _("Exports of %(district)s") % {"district": district.name}
        dashboard = dashboards.district_dashboard(district)
        return super().get_context_data(
            district=district,
            dashboard=dashboard,
            csv_url_name="officials_admin:district_chart_csv",
            csv_url_arg=district.pk,
            **kwargs,
        )

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))


def _csv_response(dashboard, key: str, filename: str) -> HttpResponse:
    chart = dashboard.charts.get(key)
    if chart is None:
        raise Http404
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{key}.csv"'
    return response


def district_chart_csv(request, district_id: int, key: str):
    district = get_object_or_404(selectors.accessible_districts(request.user), pk=district_id)
    return _csv_response(dashboards.district_dashboard(district), key, district.slug)


class RegionDashboardView(OfficialsView):
    """A state's dashboard (staff and the state's reviewers) or India's (staff)."""

    template_name = "officials/admin/dashboard.html"

    def state(self):
        state_id = self.kwargs.get("state_id")
        if state_id is None:
            if not selectors.sees_all_districts(self.request.user):
                raise Http404
            return None
        return get_object_or_404(selectors.accessible_states(self.request.user), pk=state_id)

    def get_context_data(self, **kwargs):
        state = self.state()
        dashboard = dashboards.region_dashboard(state)
        self.page_title = _("Exports of %(region)s") % {"region": dashboard.title}
        return super().get_context_data(
            dashboard=dashboard,
            state=state,
            csv_url_name="officials_admin:region_chart_csv",
            csv_url_arg=state.pk if state else 0,
            **kwargs,
        )

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))


def region_chart_csv(request, state_id: int, key: str):
    if state_id == 0:
        if not selectors.sees_all_districts(request.user):
            raise Http404
        return _csv_response(dashboards.region_dashboard(None), key, "india")
    state = get_object_or_404(selectors.accessible_states(request.user), pk=state_id)
    return _csv_response(dashboards.region_dashboard(state), key, state.slug)


class ImportView(OfficialsView):
    """The upload form: one district's page for its officials, or staff's all-districts page."""

    template_name = "officials/admin/import.html"

    def scope(self):
        if "district_id" in self.kwargs:
            return self.district()
        if not selectors.sees_all_districts(self.request.user):
            raise Http404
        return None

    def get_page_title(self):
        district = self.scope()
        if district is None:
            return _("Import export figures (all districts)")
        return _("Import export figures for %(district)s") % {"district": district.name}

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.get_page_title()))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ExportStatsUploadForm())
        return super().get_context_data(
            district=self.scope(),
            max_mb=regions_services.max_upload_bytes() // (1024 * 1024),
            columns=regions_services.REQUIRED_COLUMNS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        district = self.scope()
        form = ExportStatsUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data, size = regions_services.read_upload(upload)
        batch, report = regions_imports.export_stats_preview(
            data=data,
            size=size,
            filename=upload.name,
            uploaded_by=request.user,
            district=district,
            allowed_district_ids=None if district is None else {district.pk},
        )
        if report.ok:
            messages.info(request, _("Check what will change, then confirm the import."))
        else:
            messages.error(request, _("Nothing was imported: the file has problems."))
        return redirect("officials_admin:import_report", batch.pk)


def import_confirm(request, pk: int):
    """POST only: save a previewed import (or refuse with the reason)."""
    return _import_action(request, pk, regions_imports.export_stats_confirm, _("Import saved."))


def import_undo(request, pk: int):
    """POST only: undo a confirmed import, restoring what it replaced."""
    return _import_action(request, pk, regions_imports.export_stats_undo, _("Import undone."))


def _import_action(request, pk, action, done):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = get_object_or_404(selectors.imports_for(request.user), pk=pk)
    kwargs = {"user": request.user} if action is regions_imports.export_stats_confirm else {}
    try:
        action(batch_id=batch.pk, **kwargs)
        messages.success(request, done)
    except regions_imports.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("officials_admin:import_report", batch.pk)


def import_template(request, kind: str):
    """The exact headers (template) or headers and valid rows (sample) as a CSV download."""
    if kind not in ("sample", "template"):
        raise Http404
    sample = kind == "sample"
    response = HttpResponse(
        regions_imports.template_csv(sample=sample), content_type="text/csv; charset=utf-8"
    )
    name = "export-figures-sample.csv" if sample else "export-figures-template.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ImportReportView(OfficialsView):
    template_name = "officials/admin/import_report.html"
    page_title = gettext_lazy("Import report")

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))

    def get_context_data(self, **kwargs):
        batch = get_object_or_404(selectors.imports_for(self.request.user), pk=self.kwargs["pk"])
        # The preview's headline figures in the officials' number system, as the dashboard
        # the official opens next writes them ("₹374.31 crore", not "₹3.74B" for the same sum).
        language = dashboards.officials_language()
        headlines = [
            {
                **headline,
                "figures": [
                    format_figure(Decimal(side["inr"]), "INR", language=language)
                    if side["inr"]
                    else "–"
                    for side in (headline["before"], headline["after"])
                ],
            }
            for headline in batch.report.get("preview", {}).get("headlines", [])
        ]
        return super().get_context_data(
            batch=batch, report=batch.report, headlines=headlines, **kwargs
        )


class ReadinessView(OfficialsView):
    template_name = "officials/admin/readiness.html"

    def get_context_data(self, **kwargs):
        district = self.district()
        self.page_title = _("Export readiness in %(district)s") % {"district": district.name}
        summary, checklists = selectors.district_readiness(district_id=district.pk)
        return super().get_context_data(
            district=district, summary=summary, checklists=checklists, **kwargs
        )

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))


class BottleneckTrackerView(OfficialsView):
    """The plan's bottlenecks as a table whose status officials change row by row."""

    template_name = "officials/admin/bottlenecks.html"

    def plan(self) -> ActionPlanPage:
        page = get_object_or_404(ActionPlanPage, pk=self.kwargs["page_id"])
        if not page.permissions_for_user(self.request.user).can_edit():
            raise Http404
        return page

    def get_context_data(self, **kwargs):
        page = self.plan()
        self.page_title = _("Bottlenecks: %(plan)s") % {"plan": page.title}
        latest = page.get_latest_revision_as_object()
        rows = [
            (row, BottleneckStatusForm(initial={"bottleneck": row.pk, "status": row.status}))
            for row in latest.bottlenecks.all()
        ]
        return super().get_context_data(page=page, rows=rows, **kwargs)

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))

    def post(self, request, *args, **kwargs):
        page = self.plan()
        form = BottleneckStatusForm(request.POST)
        if form.is_valid():
            try:
                services.bottleneck_status_set(
                    page=page,
                    bottleneck_id=form.cleaned_data["bottleneck"],
                    status=form.cleaned_data["status"],
                    user=request.user,
                )
            except (Bottleneck.DoesNotExist, PermissionDenied):
                raise Http404 from None
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
            else:
                messages.success(request, _("Status saved."))
        else:
            messages.error(request, _("Choose a status."))
        return redirect("officials_admin:bottlenecks", page.pk)


class EventRegistrationsView(OfficialsView):
    """Who registered for an event of the user's district, as a table and as CSV."""

    template_name = "officials/admin/event_registrations.html"

    def event(self):
        event = selectors.event_for_registrations(
            user=self.request.user, page_id=self.kwargs["page_id"]
        )
        if event is None:
            raise Http404
        return event

    def get_context_data(self, **kwargs):
        event = self.event()
        self.page_title = _("Registrations: %(event)s") % {"event": event.title}
        return super().get_context_data(
            event=event,
            registrants=selectors.event_registrations(event_id=event.pk),
            **kwargs,
        )

    def get_breadcrumbs_items(self):
        return _crumbs(("", self.page_title))


def event_registrations_csv(request, page_id: int):
    event = selectors.event_for_registrations(user=request.user, page_id=page_id)
    if event is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([_("Name"), _("Email"), _("Role"), _("Business or company"), _("Registered")])
    for registrant in selectors.event_registrations(event_id=event.pk):
        writer.writerow(
            [
                _csv_safe(registrant.name),
                _csv_safe(registrant.email),
                registrant.role,
                _csv_safe(registrant.organisation),
                registrant.registered_at.isoformat(timespec="minutes"),
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """Names and companies are typed by users: a leading =, +, - or @ would make a
    spreadsheet run a formula (CSV injection), so such a cell starts with a quote."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
