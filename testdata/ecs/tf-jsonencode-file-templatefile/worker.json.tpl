[
  {
    "name": "worker",
    "image": "${image}",
    "memory": ${memory},
    "cpu": ${replicas},
    "environment": [{"name": "REPLICAS", "value": "${replicas}"}]
  }
]
