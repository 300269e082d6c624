"""Running Zhenggai in production: `zhenggai serve` (gunicorn), /healthz, /metrics, request ids,
JSON logs and the 500 mail to ADMINS (docs/deploy.md)."""
