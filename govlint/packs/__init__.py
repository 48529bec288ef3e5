"""Rule packs: the data model (:mod:`govlint.packs.model`) and loading from YAML
(:mod:`govlint.packs.loader`). The packs shipped with govlint are YAML files in ``rules/``
(installed as ``govlint/packs/builtin``)."""
