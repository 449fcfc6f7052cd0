"""The company's billing/CRM system (Smartflex), seen through one port: who is an existing customer and owes
money, and the hand-over of checked sales. `BILLING_SYSTEM_URL` selects the HTTP adapter; without it, a local
table that staff import as CSV answers, and sales are handed over by the day's CSV export."""
