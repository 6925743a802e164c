"""Facilitator account forms: sign up, sign in, sign out, forgotten password, new password."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, StopValidation, ValidationError

from app.passwords import PASSWORD_MAX, password_problem

_EMAIL = [DataRequired("Enter your email address."), Email("Enter an email address like name@example.com."), Length(max=254)]


def _not_too_long(form, field) -> None:
    """Stop at once past PASSWORD_MAX: no strength check and no hashing of megabytes (Length alone lets the chain go on)."""
    if field.data and len(field.data) > PASSWORD_MAX:
        raise StopValidation(f"Use at most {PASSWORD_MAX:,} characters (this one has {len(field.data):,}).")


def _strong(form, field) -> None:
    """The password must resist guessing (zxcvbn score 3 or more), judged with the name and email too."""
    hints = [getattr(form, name).data for name in ("name", "email") if name in form] + list(getattr(form, "hints", []))
    problem = password_problem(field.data or "", *[h for h in hints if isinstance(h, str)])
    if problem:
        raise ValidationError(problem)


class SignUpForm(FlaskForm):
    """A new facilitator account."""

    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=80)])
    email = EmailField("Email", validators=_EMAIL)
    password = PasswordField("Password", validators=[DataRequired("Choose a password."), _not_too_long, _strong])
    confirm = PasswordField("Repeat the password", validators=[EqualTo("password", "The two passwords differ.")])
    submit = SubmitField("Create account")


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), _not_too_long])
    submit = SubmitField("Sign in")


class SignOutForm(FlaskForm):
    submit = SubmitField("Sign out")


class ForgotForm(FlaskForm):
    """The email of the account whose password was forgotten."""

    email = EmailField("Email", validators=_EMAIL)
    submit = SubmitField("Send me a reset link")


class ResetForm(FlaskForm):
    """A new password, chosen through a reset link; `hints` (the account's email) count against it."""

    hints: tuple[str, ...] = ()

    password = PasswordField("New password", validators=[DataRequired("Choose a password."), _not_too_long, _strong])
    confirm = PasswordField("Repeat the new password", validators=[EqualTo("password", "The two passwords differ.")])
    submit = SubmitField("Set the new password")


class UnlockRequestForm(FlaskForm):
    """Ask for an email with a link that lets this browser sign in without waiting."""

    email = EmailField("Email", validators=_EMAIL)
    submit = SubmitField("Email me a link to sign in now")


class UnlockForm(FlaskForm):
    """Use an unlock link (a button, so that mail scanners that open links do not spend it)."""

    submit = SubmitField("Let this browser sign in")
