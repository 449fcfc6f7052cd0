"""WhatsApp through Meta's Cloud API: the webhook, and sending through the Graph API."""
