"""Consultations of the advisory group (서울규제혁신지원단): an officer asks an expert a question on an issue,
the expert answers with an opinion (or declines), the officer follows up, accepts or reassigns.

`requests` changes consultations (the only writer); `roster` suggests experts and finds what is overdue.
Who reads a consultation is selectors.visible_consultations; who is told, notices/kinds.owe_consultation."""

from .requests import accept_opinion, ask_follow_up, decline, reassign, request_consultation, submit_opinion
from .roster import DEFAULT_DAYS, fitting_professions, open_requests, overdue, suggest_experts

__all__ = ["DEFAULT_DAYS", "accept_opinion", "ask_follow_up", "decline", "fitting_professions", "open_requests",
           "overdue", "reassign", "request_consultation", "submit_opinion", "suggest_experts"]
