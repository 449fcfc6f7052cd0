# Rasa Open Source 3.6 and the action server (Python 3.10), with the model trained at build time.
FROM python:3.10-slim
WORKDIR /app
COPY actions/requirements.txt actions/constraints.txt ./actions/
RUN pip install --no-cache-dir -r actions/requirements.txt -c actions/constraints.txt
COPY actions ./actions
COPY backend/__init__.py backend/memory.py backend/money.py backend/spelling.py ./backend/
COPY data ./data
COPY domain.yml config.yml credentials.yml ./
COPY deploy/endpoints.yml ./deploy/endpoints.yml
RUN rasa train --out models --num-threads 2 && chown -R nobody /app
USER nobody
EXPOSE 5005 5055
# On the compose network only (no published port); the conversation API wants RASA_TOKEN.
CMD ["sh", "-c", "exec python -m actions.rasa_server run --enable-api --interface 0.0.0.0 --auth-token \"$RASA_TOKEN\" \
     --model models --port 5005 --endpoints deploy/endpoints.yml --credentials credentials.yml"]
