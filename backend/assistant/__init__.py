"""The API the assistant's action server uses to read and write the sales domain."""
