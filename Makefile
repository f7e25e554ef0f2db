.PHONY: serve test setup lint
serve:  ## build and serve the site on http://127.0.0.1:8000/
	bash scripts/serve.sh
test:   ## set up and run every check
	bash scripts/test.sh
setup:
	bash scripts/setup.sh
lint:
	.venv/bin/python -m calculator lint
