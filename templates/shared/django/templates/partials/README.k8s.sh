
# Django's secret key comes from a Secret (k8s/deployment.yaml reads it):
kubectl create secret generic {{ cookiecutter.project_slug }} \
    --from-literal=django-secret-key="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"