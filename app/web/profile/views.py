"""The company profile page, mounted under a private link and under a facilitator's workshop."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request

from app import access, assessments
from app.web import home_url
from app.web.profile.forms import ProfileForm

bp = Blueprint("profile", __name__)



@bp.route("/profile", methods=["GET", "POST"])
def edit(**link):
    """Show and save the company profile; every field may be left empty."""
    grant = access.open_assessment("profile", **link)
    form = ProfileForm()
    if form.validate_on_submit():
        applied = assessments.save_profile(grant.context, form.profile())
        flash("The profile is saved." + (f" {applied} questions that do not apply to this business model are marked "
                                          "“not applicable”; change any of them in the questionnaire." if applied else ""))
        return redirect(home_url(link))
    if not form.is_submitted():
        form.load(grant.context.profile)
    return render_template("profile/edit.html", form=form, organisation=grant.assessment.organisation, mount=link,
                           token=link.get("token"), first=request.args.get("first") == "1",
                           skip_url=home_url(link)), 422 if form.errors else 200
