"""Security: headers and the Content-Security-Policy, staff sessions, login lockout, two-factor login."""
