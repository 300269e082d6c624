"""统一身份认证: sign-in through an OpenID Connect provider (mozilla-django-oidc), with the account's
units and roles taken from its claims by the directory rules (``signin.directory_rules``) at every
sign-in. Off unless ``ZHENGGAI_OIDC_CLIENT_ID`` and the provider are set (docs/signin-directory.md)."""
