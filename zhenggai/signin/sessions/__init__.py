"""Signed-in sessions (docs/signin-sessions.md): each one noted in ``UserSession`` at sign-in, ended
after a spell without activity or a whole working day (the idle middleware), listed and ended on
/account/sessions/; ``end_sessions_of`` ends an account's sessions (deactivated, password reset)."""

from zhenggai.signin.sessions.services import end_sessions_of

__all__ = ["end_sessions_of"]
