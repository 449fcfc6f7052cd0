"""The kinds of follow-up, named where work is scheduled; `handlers` says how each is done."""

EMAIL_INVOICE = "invoice.email"  # payload: invoice_id
PROMPT_ASSISTANT = "assistant.prompt"  # payload: conversation_id, intent, and optionally notice (a Notice kind)
HAND_OVER_SALE = "billing.hand_over"  # payload: order_id
READ_RECEIPT = "payments.read_receipt"  # payload: payment_id
