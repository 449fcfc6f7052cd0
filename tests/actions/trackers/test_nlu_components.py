"""The assistant's own NLU components (actions/nlu_components.py), trained and run as Rasa runs them."""

from pathlib import Path

from actions.nlu_components import SpanishTokenizer, WordsFeaturizer
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def featurized(texts: list[str], tmp_path: Path) -> tuple[WordsFeaturizer, list[Message]]:
    """A words featurizer trained on `texts`, and those messages featurized by it."""
    context = ExecutionContext(GraphSchema({}), node_name="words")
    storage = LocalModelStorage(tmp_path)
    tokenizer = SpanishTokenizer.create(SpanishTokenizer.get_default_config(), storage, Resource("tokens"), context)
    config = {**WordsFeaturizer.get_default_config(), "min_ngram": 1, "max_ngram": 2}
    featurizer = WordsFeaturizer.create(config, storage, Resource("words"), context)
    messages = [Message(data={TEXT: text, INTENT: "any"}) for text in texts]
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
