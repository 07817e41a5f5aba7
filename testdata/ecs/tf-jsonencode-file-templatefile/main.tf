locals {
  env = "prod"
  common_env = [
    { name = "ENV", value = local.env },
    { name = "REGION", value = "eu-west-1" },
  ]
  ports = [8080, 9090]
}

resource "aws_ecs_task_definition" "encoded" {
  family       = "encoded-${local.env}"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name      = "web"
      image     = "example/web:${local.env}"
      essential = true
      memory    = 256
      portMappings = [for p in local.ports : { containerPort = p }]
      environment = concat(local.common_env, [{ name = "QUEUE_URL", value = module.queues.url }])
      dockerLabels = merge({ "app" = "web" }, { "tier" = "front" })
    }
  ])
}

resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  network_mode          = "bridge"
  container_definitions = file("${path.module}/containers.json")
}

resource "aws_ecs_task_definition" "from_template" {
  family       = "from-template"
  network_mode = "awsvpc"
  container_definitions = templatefile("${path.module}/worker.json.tpl", {
    image    = "example/worker:3"
    memory   = 512
    replicas = module.queues.count
  })
}

resource "aws_ecs_task_definition" "disabled" {
  count                 = 0
  family                = "never"
  container_definitions = "[]"
}

module "queues" {
  source = "./modules/queues"
}

module "ecs_service" {
  source = "terraform-aws-modules/ecs/aws//modules/service"
  name   = "other"
}
