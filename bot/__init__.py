"""Channel layer: turns every channel's messages into one shape and routes them to the assistant."""
