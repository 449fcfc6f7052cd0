# The backend and the background worker (Python 3.11: FastAPI, SQLAlchemy 2, pydantic 2).
FROM python:3.11-slim
# Tesseract reads the receipt photos customers send (proposed to collections).
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-spa \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY backend ./backend
COPY bot ./bot
COPY launcher ./launcher
RUN pip install --no-cache-dir .
USER nobody
EXPOSE 8000
CMD ["venta-web", "--host", "0.0.0.0", "--port", "8000"]
