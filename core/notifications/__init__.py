"""Notifications: a row per person per event, emailed after commit through the task queue.

`services.notify` records them (any layer may notify someone); `tasks` sends the immediate
emails and digests through Django's task framework; `emails` renders and sends one email.
People who chose the daily digest get nothing at once; `send_digests` collects their unsent
notifications once a day. Imports go one way: services -> tasks -> emails -> models.
"""
