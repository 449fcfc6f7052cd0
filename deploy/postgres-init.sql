-- Rasa's conversations live beside the sales database, in a database of their own.
CREATE DATABASE rasa OWNER venta;
