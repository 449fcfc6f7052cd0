"""The assistant's own NLU components (actions/nlu_components.py), trained and run as Rasa runs them."""

from pathlib import Path

import numpy as np
import pytest
from actions.nlu_components import IntentClassifier, SpanishTokenizer, WordsFeaturizer
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack, random
from sklearn.feature_extraction.text import TfidfTransformer

CONTEXT = ExecutionContext(GraphSchema({}), node_name="words")
SAID = {
    "greet": ["hola", "buenas tardes", "hola, buen día", "buenas noches"],
    "buy": ["quiero internet", "quiero contratar internet para mi casa", "me interesa un plan", "quiero un plan"],
    "deny": ["no, gracias", "no", "no me interesa", "ahora no"],
}


def featurized(
    texts: list[str], tmp_path: Path, intents: list[str] | None = None
) -> tuple[WordsFeaturizer, list[Message]]:
    """A words featurizer trained on `texts` (of `intents`, else of one), and those messages featurized by it."""
    storage = LocalModelStorage(tmp_path)
    tokenizer = SpanishTokenizer.create(SpanishTokenizer.get_default_config(), storage, Resource("tokens"), CONTEXT)
    config = {**WordsFeaturizer.get_default_config(), "min_ngram": 1, "max_ngram": 2}
    featurizer = WordsFeaturizer.create(config, storage, Resource("words"), CONTEXT)
    labels = intents or ["any"] * len(texts)
    messages = [Message(data={TEXT: text, INTENT: intent}) for text, intent in zip(texts, labels, strict=True)]
    data = TrainingData(messages)
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    return featurizer, messages


def sentence_words(featurizer: WordsFeaturizer, message: Message) -> set[str]:
    """The words and word pairs counted in `message`'s sentence features."""
    _, sentence = message.get_sparse_features(TEXT)
    assert sentence is not None
    names = featurizer.vectorizers[TEXT].get_feature_names_out()
    return {names[column] for column in sentence.features.tocoo().col}


def test_the_words_featurizer_tells_the_word_a_message_opens_with_from_the_one_it_closes_with(tmp_path: Path) -> None:
    featurizer, (declined, asked) = featurized(["no, gracias", "gracias, ¿no?"], tmp_path)

    opens, closes = sentence_words(featurizer, declined), sentence_words(featurizer, asked)

    assert {"xopeningx no", "gracias xclosingx"} <= opens
    assert {"xopeningx gracias", "no xclosingx"} <= closes
    assert not {"xopeningx no", "gracias xclosingx"} & closes
    assert {"no", "gracias"} <= opens & closes  # the words themselves count as before


def test_counts_are_weighted_as_a_tfidf_transformer_weighs_them() -> None:
    counts = random(6, 40, density=0.2, format="csr", random_state=7, data_rvs=lambda n: np.arange(1, n + 1) % 4 + 1)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)

    weighted = IntentClassifier._weigh(counts[2:5], transformer.idf_)

    np.testing.assert_allclose(weighted.toarray(), transformer.transform(counts[2:5]).toarray())


def test_a_stored_intent_classifier_reads_messages_as_the_tfidf_weighting_and_the_regression_do(
    tmp_path: Path,
) -> None:
    texts, intents = [t for ts in SAID.values() for t in ts], [i for i, ts in SAID.items() for _ in ts]
    _, messages = featurized(texts, tmp_path, intents)
    storage, config = LocalModelStorage(tmp_path), {**IntentClassifier.get_default_config(), "tfidf": True}
    trained = IntentClassifier.create(config, storage, Resource("intents"), CONTEXT)
    trained.train(TrainingData(messages))
    stored = IntentClassifier.load(config, storage, Resource("intents"), CONTEXT)

    stored.process(messages)

    expected = trained.clf.predict_proba(
        hstack([w.transform(IntentClassifier._block(messages, o, None)) for o, w in trained.weights.items()])
    )
    for message, probabilities in zip(messages, expected, strict=True):
        read = {each["name"]: each["confidence"] for each in message.get("intent_ranking")}
        assert read == pytest.approx(dict(zip(trained.clf.classes_, probabilities, strict=True)))
    assert [message.get("intent")["name"] for message in messages] == intents
