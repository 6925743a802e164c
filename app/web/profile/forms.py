"""The profile form: every field optional, each figure within a plausible range."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional

from app.core.labels import LABELS
from app.core.profile import ARR_BANDS, CURRENCIES, FIGURES, RANGES, Profile

# In the currency chosen above them: the bands are rough, and each currency offered is within a third of the dollar.
ARR_LABELS = dict(zip(ARR_BANDS, ("Under 1M", "1M to 10M", "10M to 50M", "50M to 250M", "Over 250M")))
CURRENCY_LABELS = dict(zip(CURRENCIES, ("US dollars ($)", "Euros (€)", "Pounds sterling (£)", "Canadian dollars (C$)",
                                        "Australian dollars (A$)", "Swiss francs (CHF)")))
SKIP = SelectChoice("", "Not sure, or rather not say")
SPANS = [SelectChoice("", "Not given (read with the period below, else as a year)"), SelectChoice("month", "A month"),
         SelectChoice("quarter", "A quarter"), SelectChoice("year", "A year")]


def _span(label: str) -> SelectField:
    return SelectField(label, default="", choices=SPANS,
                       description="A monthly or quarterly figure is converted to a yearly one before it is compared.")


def _figure(label: str, name: str, description: str) -> DecimalField:
    low, high = RANGES[name]
    return DecimalField(label, places=None, description=description, validators=[
        Optional(), NumberRange(low, high, f"Enter a figure from {low} to {high}, or leave it empty.")])


class ProfileForm(FlaskForm):
    """What kind of company this is; used to pick N/A defaults, metrics, tiers and to check the stage."""

    business_model = SelectField("How do you mostly serve customers?", default="", choices=[SKIP] + [
        SelectChoice(key, value["label"][:1].upper() + value["label"][1:]) for key, value in LABELS.business_models.items()])
    customers = IntegerField("Number of paying customers (accounts)", validators=[
        Optional(), NumberRange(0, 10_000_000, "Enter a whole number of customers, or leave it empty.")])
    currency = SelectField("Currency of your figures", default="USD", description=(
        "Revenue below, and every amount the charter states, is in this currency."),
        choices=[SelectChoice(k, v) for k, v in CURRENCY_LABELS.items()])
    arr_band = SelectField("Annual recurring revenue", default="", description="In the currency above.",
                           choices=[SKIP] + [SelectChoice(k, v) for k, v in ARR_LABELS.items()])
    employees = IntegerField("Number of people in the company", description=(
        "Everyone on the payroll. At about 20 people or fewer, the charter speaks of the founders and a first CS hire."),
        validators=[Optional(), NumberRange(1, 10_000_000, "Enter a whole number of people, or leave it empty.")])
    arr_per_account = DecimalField("Average annual revenue per account", places=None, description=(
        "In the currency above: recurring revenue divided by the number of accounts, e.g. 540 for 45 a month. "
        "It sizes a CSM's book."),
        validators=[Optional(), NumberRange(RANGES["arr_per_account"][0], RANGES["arr_per_account"][1],
                                            "Enter an amount of at least 1, or leave it empty.")])
    grr = _figure("Gross revenue retention (%)", "grr", "Starting ARR minus churn and contraction, over starting ARR.")
    grr_period = _span("Gross revenue retention covers")
    nrr = _figure("Net revenue retention (%)", "nrr", "Like gross retention, plus expansion from the same customers.")
    nrr_period = _span("Net revenue retention covers")
    logo_churn = _figure("Logo churn (%)", "logo_churn", "Customers lost in the period, over customers at its start.")
    logo_churn_period = _span("Logo churn covers")
    nps = _figure("Net Promoter Score", "nps", "Promoters minus detractors, from -100 to 100.")
    nps_period = SelectField("The Net Promoter Score survey runs", default="", choices=[
        SelectChoice("", "Not given"), SelectChoice("month", "Every month"), SelectChoice("quarter", "Every quarter"),
        SelectChoice("year", "Once a year")])
    period = StringField("When the figures were taken", description="For example FY2025 or the last 12 months.",
                         validators=[Length(max=100, message="Keep the period under 100 characters.")])
    save = SubmitField("Save the profile")

    def load(self, profile: Profile) -> None:
        """Fill the form from a saved profile."""
        for name, value in profile.to_dict().items():
            getattr(self, name).data = value

    def profile(self) -> Profile:
        """The profile the form describes (blank fields stay unknown)."""
        def number(field):
            return None if field.data is None else float(field.data)
        return Profile(
            business_model=self.business_model.data or None, customers=self.customers.data,
            arr_band=self.arr_band.data or None, employees=self.employees.data,
            arr_per_account=number(self.arr_per_account), grr=number(self.grr), nrr=number(self.nrr),
            logo_churn=number(self.logo_churn), nps=number(self.nps), period=(self.period.data or "").strip() or None,
            currency=None if self.currency.data in ("", "USD") else self.currency.data,  # US dollars: the default
            **{f"{f}_period": getattr(self, f"{f}_period").data or None for f in FIGURES})
