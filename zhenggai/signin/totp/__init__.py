"""The second factor (TOTP with django-otp, recovery codes as its static tokens): enrolment,
verification after the password, and the roles that must have one (docs/signin-2fa.md)."""
