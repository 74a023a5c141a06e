"""The code a person's authenticator app shows, for the tests that sign in with two steps."""

from django_otp.oath import totp


def app_code(device, next_one=False):
    """The app's code for `device` now, or (`next_one`) the code it shows next, which the site takes too.

    "Next" is counted from the drift the site stored when it confirmed the device: when a 30-second step ended
    between the app showing the enrolment code and the site checking it, the site remembers the app as one step
    behind, and a code two steps ahead of its clock would be refused. Read `device` again after enrolment.
    """
    steps = device.drift + 1 if next_one else 0
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps):06d}"
