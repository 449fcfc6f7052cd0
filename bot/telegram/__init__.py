"""Telegram through python-telegram-bot: webhook or polling, inline keyboards, files."""
