"""What every payment service shares: the refusal error."""

from __future__ import annotations


class PaymentError(Exception):
    """A payment action cannot go ahead; the message is for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
