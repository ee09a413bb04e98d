"""Simplified Chinese for the operations messages (the 500 page's reference, /metrics)."""

T = {
    "If you report it, please quote this reference: %(request_id)s": "如需报告此问题，请提供以下编号：%(request_id)s",
    "Metrics are available only to configured addresses or with the metrics token.": "指标仅对已配置的地址或持有指标令牌的请求开放。",
}
