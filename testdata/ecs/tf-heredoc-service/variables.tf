variable "image_tag" {
  type    = string
  default = "1.0.0"
}

variable "desired_count" {
  type    = number
  default = 2
}

variable "cluster_name" {
  type = string
}
