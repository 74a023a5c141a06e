"""QR codes for posters, contest certificates and their public verification."""

import io

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from education.contests import mask_name
from education.models import Certificate, QuizPage
from jindu.public_address import absolute_url, page_url
from jindu.spreadsheets import download_response
from schools.models import PortalAccess, Student
from schools.portal.access import SCREEN_CERTIFICATE, SCREEN_VERIFY, log_access
from schools.scoping import visible_to
from schools.students import school_name


def qr_svg_data_uri(url, scale=4):
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


@require_GET
@cache_control(max_age=3600, public=True)
def quiz_qr(request, quiz_id):
    """The quiz's QR code (扫码答题) as SVG, or PNG with ?format=png, for posters."""
    quiz = get_object_or_404(QuizPage.objects.live().public(), pk=quiz_id)
    code = segno.make(page_url(quiz, request), error="m")
    buffer = io.BytesIO()
    if request.GET.get("format") == "png":
        code.save(buffer, kind="png", scale=12, border=4)
        content_type, extension = "image/png", "png"
    else:
        code.save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
        content_type, extension = "image/svg+xml", "svg"
    if request.GET.get("download"):
        return download_response(buffer.getvalue(), f"quiz-{quiz.pk}-qr.{extension}", content_type, private=False)
    return HttpResponse(buffer.getvalue(), content_type=content_type)


@require_GET
def quiz_poster(request, quiz_id):
    """A printable A4 sheet: the quiz title and its QR code."""
    quiz = get_object_or_404(QuizPage.objects.live().public(), pk=quiz_id)
    return render(request, "education/poster.html", {"quiz": quiz, "quiz_url": page_url(quiz, request)})


def _verify_url(request, certificate):
    return absolute_url(reverse("education:verify", kwargs={"code": certificate.code}), request)


def _holder_student(certificate):
    return Student.objects.filter(user_id=certificate.user_id).select_related("school", "school_class").first()


@require_GET
@login_required
def certificate_view(request, code):
    """The printable certificate, for its holder and the staff of the holder's school (through the scope).

    A bureau's region scope opens reports, not a minor's certificate; `is_staff` (editors, the office) opens none.
    """
    certificate = get_object_or_404(Certificate.objects.select_related("quiz", "user", "result"), code=code)
    if certificate.user_id != request.user.pk:
        scope = visible_to(request.user)
        own_schools = scope.admin_school_ids | scope.teacher_school_ids
        student = scope.students().filter(user_id=certificate.user_id, school_id__in=own_schools).first()
        if student is None:
            raise Http404
        log_access(
            request,
            PortalAccess.Action.VIEW,
            SCREEN_CERTIFICATE,
            school=student.school,
            school_class=student.school_class,
            rows=1,
        )
    verify_url = _verify_url(request, certificate)
    return render(
        request,
        "education/certificate.html",
        {
            "certificate": certificate,
            "school": school_name(certificate.user),
            "verify_url": verify_url,
            "qr": qr_svg_data_uri(verify_url),
        },
    )


@require_GET
def verify_view(request, code):
    """Public check of a certificate: name, school and score, nothing more."""
    certificate = Certificate.objects.select_related("quiz", "user", "result").filter(code=code.upper()[:12]).first()
    context = {"certificate": certificate}
    if certificate:
        student = _holder_student(certificate)
        context["name"] = mask_name(student.name if student else str(certificate.user))
        context["school"] = student.school.name if student else ""
        log_access(
            request,
            PortalAccess.Action.VIEW,
            SCREEN_VERIFY,
            school=student.school if student else None,
            school_class=student.school_class if student else None,
            rows=1,
        )
    return render(request, "education/verify.html", context, status=200 if certificate else 404)
